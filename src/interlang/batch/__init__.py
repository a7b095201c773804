"""Score or featurise many texts: a local process pool (Dask distributed for clusters, later)."""

from interlang.batch.local import BatchResult, extract_features

__all__ = ["BatchResult", "extract_features"]
