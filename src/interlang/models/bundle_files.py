"""A bundle's files: reading a directory or zip, (de)serialising estimators and arrays, trust.

scikit-learn estimators are stored with skops, whose loader only rebuilds types on an allow-list
(scikit-learn, NumPy, SciPy and ``interlang.*`` classes); without skops the estimator falls back
to joblib (pickle), which loads only when the caller says ``trusted=True``.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import MissingExtra, ModelError

__all__ = [
    "TRUSTED_PREFIXES",
    "TRUSTED_TYPES",
    "arrays_from_bytes",
    "arrays_to_bytes",
    "bundle_reader",
    "class_path",
    "estimator_from_bytes",
    "estimator_to_bytes",
    "remove_path",
    "sha256_hex",
    "skops_module",
]

#: Type-name prefixes skops may rebuild without the caller listing them.
TRUSTED_PREFIXES = ("interlang.",)
#: Types skops reports as untrusted although its own loaders rebuild them without executing code
#: (the Cython tree of every scikit-learn tree ensemble).
TRUSTED_TYPES = frozenset({"sklearn.tree._tree.Tree"})


def sha256_hex(data: bytes) -> str:
    """The checksum ``bundle.json`` records for every file."""
    return hashlib.sha256(data).hexdigest()


def class_path(obj: Any) -> str:
    """``module.QualName`` of an object's class, as ``bundle.json`` records the estimator's."""
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def bundle_reader(source: Path) -> Callable[[str], bytes]:
    """A function reading a bundle member by its relative path, from a directory or a zip."""
    if not source.exists():
        raise ModelError(f"model bundle {source} does not exist")
    if source.is_dir():
        root = source.resolve()

        def read_dir(name: str) -> bytes:
            target = (root / name).resolve()
            if root not in target.parents:
                raise ModelError(f"{source}: bundle file name {name!r} points outside the bundle")
            return target.read_bytes()

        return read_dir
    if not zipfile.is_zipfile(source):
        raise ModelError(f"{source} is neither a bundle directory nor a zip file")
    with zipfile.ZipFile(source) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}

    def read_zip(name: str) -> bytes:
        try:
            return members[name]
        except KeyError:
            raise FileNotFoundError(name) from None

    return read_zip


def skops_module() -> Any:
    try:
        import skops.io as sio
    except ImportError:
        return None
    return sio


def estimator_to_bytes(estimator: Any) -> tuple[str, bytes]:
    sio = skops_module()
    if sio is not None:
        try:
            return "skops", bytes(sio.dumps(estimator))
        except Exception as exc:  # skops refuses some objects (lambdas, open files)
            raise ModelError(
                f"cannot save {class_path(estimator)} with skops ({exc}); keep lambdas and "
                "local functions out of the estimator"
            ) from exc
    import joblib  # a scikit-learn dependency

    buffer = io.BytesIO()
    joblib.dump(estimator, buffer)
    return "joblib", buffer.getvalue()


def estimator_from_bytes(data: bytes, fmt: str, trusted: Sequence[str] | bool, source: Path) -> Any:
    if fmt == "joblib":
        if trusted is not True:
            raise ModelError(
                f"{source} stores its estimator with joblib (pickle), which can run arbitrary code; "
                "load it with trusted=True only if you trust its origin, or re-save it with skops"
            )
        import joblib

        return joblib.load(io.BytesIO(data))
    if fmt != "skops":
        raise ModelError(f"{source}: unknown estimator format {fmt!r}")
    sio = skops_module()
    if sio is None:
        raise ModelError(f"{source} needs skops to load its estimator: pip install skops")
    try:
        untrusted = list(sio.get_untrusted_types(data=data))
    except Exception as exc:
        raise ModelError(f"{source}: estimator file is corrupted ({exc})") from exc
    allowed = set() if trusted is True or trusted is False else set(trusted)
    refused = [
        t for t in untrusted
        if not t.startswith(TRUSTED_PREFIXES) and t not in allowed and t not in TRUSTED_TYPES
    ]
    if refused and trusted is not True:
        raise ModelError(
            f"{source}: the estimator contains types outside the allow-list: {refused}; "
            "pass them in Bundle.load(..., trusted=[...]) if you trust this bundle"
        )
    try:
        return sio.loads(data, trusted=untrusted)
    except Exception as exc:
        raise ModelError(f"{source}: cannot load the estimator ({exc})") from exc


def arrays_to_bytes(arrays: Mapping[str, np.ndarray], fmt: str) -> bytes:
    if fmt == "safetensors":
        try:
            from safetensors.numpy import save
        except ImportError:
            raise MissingExtra("safetensors", "transformers") from None
        return bytes(save({k: np.ascontiguousarray(v) for k, v in arrays.items()}))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def arrays_from_bytes(data: bytes, fmt: str, source: Path) -> dict[str, np.ndarray]:
    if fmt == "safetensors":
        try:
            from safetensors.numpy import load
        except ImportError:
            raise MissingExtra("safetensors", "transformers") from None
        return dict(load(data))
    if fmt != "npz":
        raise ModelError(f"{source}: unknown array format {fmt!r}")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}
    except Exception as exc:
        raise ModelError(f"{source}: array file is corrupted ({exc})") from exc
