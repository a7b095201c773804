"""One model-bundle format for every model family (rules, classical, transformer, LLM).

A bundle is a directory, or a ``.zip`` of that directory::

    bundle.json            metadata (below) and the SHA-256 of every other file
    estimator.skops        the fitted estimator (skops format), or estimator.joblib, or absent
    json/<name>.json       free-form JSON written with Bundle.save_json (e.g. rule tables)
    arrays/<name>.npz      named arrays written with Bundle.save_arrays (or .safetensors)

``bundle.json`` records the format version, the interlang version, the task (``"level"`` or
``"l1"``), the name, the :class:`LabelSet`, the feature list, the language, the training corpora
with content hashes (:func:`data_hash`), the licence of the training data and a
``non_commercial`` flag, metrics, calibration info, the seed, the creation date and the
estimator's class path.

**Trust.** scikit-learn estimators are stored with `skops <https://skops.readthedocs.io>`_, whose
loader only rebuilds types on an allow-list (scikit-learn, NumPy, SciPy and ``interlang.*``
classes); anything else must be named in ``Bundle.load(path, trusted=[...])``. Without skops
the estimator falls back to joblib, i.e. pickle, which can run arbitrary code when loaded: such
bundles load only with ``trusted=True``, so do that only for bundles you made or trust.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from interlang.errors import ModelError
from interlang.labels import LabelSet
from interlang.models.bundle_files import (
    arrays_from_bytes,
    arrays_to_bytes,
    bundle_reader,
    class_path,
    estimator_from_bytes,
    estimator_to_bytes,
    remove_path,
    sha256_hex,
)
from interlang.models.provenance import CorpusInfo, data_hash
from interlang.settings import DEFAULT_SEED
from interlang.version import __version__

__all__ = ["FORMAT_VERSION", "TASKS", "Bundle", "CorpusInfo", "data_hash"]

#: Bumped when a reader of the old format could misread a new bundle.
FORMAT_VERSION = 1
FORMAT_NAME = "interlang-bundle"
TASKS = ("level", "l1", "difficulty")
METADATA = "bundle.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def _check_name(name: str, what: str) -> None:
    if not _NAME.match(name) or ".." in name:
        raise ValueError(f"{what} name {name!r} must be letters, digits, '_', '-' or '.'")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Bundle:
    """A trained model with everything needed to use, cite and audit it.

    ``estimator`` is any fitted object (a scikit-learn estimator or pipeline) or None for
    families that keep their state in :meth:`save_json` / :meth:`save_arrays` payloads.
    """

    name: str
    task: str
    labels: LabelSet
    estimator: Any = None
    features: list[str] = field(default_factory=list)
    language: str | None = None
    corpora: list[CorpusInfo] = field(default_factory=list)
    licence: str | None = None
    non_commercial: bool = False
    metrics: dict[str, Any] = field(default_factory=dict)
    calibration: dict[str, Any] | None = None
    seed: int = DEFAULT_SEED
    created: str = field(default_factory=_now)
    extra: dict[str, Any] = field(default_factory=dict)
    #: Read from bundle.json on load; the running version is written on save.
    interlang_version: str = __version__
    estimator_class: str | None = None
    _json: dict[str, Any] = field(default_factory=dict, repr=False)
    _arrays: dict[str, tuple[str, dict[str, np.ndarray]]] = field(default_factory=dict, repr=False)
    #: The stored estimator file (format, bytes, trusted, source) of a bundle read with
    #: ``load(..., load_estimator=False)``, until :meth:`load_estimator` rebuilds it.
    _pending: tuple[str, bytes, Any, Path] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, not {self.task!r}")
        if not self.name:
            raise ValueError("a bundle needs a name")
        if self.estimator is not None:
            self.estimator_class = class_path(self.estimator)

    # ------------------------------------------------------------------ free-form payloads
    def save_json(self, name: str, obj: Any) -> None:
        """Attach a JSON document (e.g. a calibrated rule table) saved as ``json/<name>.json``."""
        _check_name(name, "JSON payload")
        try:
            json.dumps(obj, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"JSON payload {name!r} is not JSON-serialisable: {exc}") from exc
        self._json[name] = obj

    def load_json(self, name: str) -> Any:
        """A JSON payload attached with :meth:`save_json` (or read from disk)."""
        try:
            return self._json[name]
        except KeyError:
            raise ModelError(f"bundle {self.name!r} has no JSON payload {name!r}") from None

    def save_arrays(self, name: str, arrays: Mapping[str, ArrayLike], format: str = "npz") -> None:
        """Attach named numeric arrays, saved as ``arrays/<name>.npz`` or ``.safetensors``.

        ``npz`` is written without pickle (object arrays are refused); ``safetensors`` needs the
        ``transformers`` extra and suits transformer weights.
        """
        _check_name(name, "array payload")
        if format not in ("npz", "safetensors"):
            raise ValueError(f"format must be 'npz' or 'safetensors', not {format!r}")
        converted = {}
        for key, value in arrays.items():
            array = np.asarray(value)
            if array.dtype == object:
                raise ValueError(f"array {name}/{key} has dtype object; only numeric arrays are saved")
            converted[str(key)] = array
        self._arrays[name] = (format, converted)

    def load_arrays(self, name: str) -> dict[str, np.ndarray]:
        """Arrays attached with :meth:`save_arrays` (or read from disk)."""
        try:
            return dict(self._arrays[name][1])
        except KeyError:
            raise ModelError(f"bundle {self.name!r} has no array payload {name!r}") from None

    @property
    def estimator_pending(self) -> bool:
        """True when the bundle was read without rebuilding its stored estimator."""
        return self._pending is not None

    @property
    def estimator_bytes(self) -> bytes | None:
        """The stored estimator file while it is not rebuilt (``load(..., load_estimator=False)``)."""
        return None if self._pending is None else self._pending[1]

    def load_estimator(self) -> Any:
        """The estimator, rebuilt now if the bundle was read with ``load_estimator=False``."""
        if self._pending is not None:
            fmt, data, trusted, source = self._pending
            self.estimator = estimator_from_bytes(data, fmt, trusted, source)
            self._pending = None
        return self.estimator

    @property
    def json_names(self) -> list[str]:
        return sorted(self._json)

    @property
    def array_names(self) -> list[str]:
        return sorted(self._arrays)

    # -------------------------------------------------------------------------- metadata
    def metadata(self) -> dict[str, Any]:
        """The contents of ``bundle.json`` minus the file list."""
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "interlang_version": __version__,
            "name": self.name,
            "task": self.task,
            "labels": self.labels.to_dict(),
            "features": list(self.features),
            "language": self.language,
            "corpora": [c.to_dict() for c in self.corpora],
            "licence": self.licence,
            "non_commercial": self.non_commercial,
            "metrics": self.metrics,
            "calibration": self.calibration,
            "seed": self.seed,
            "created": self.created,
            "estimator_class": self.estimator_class,
            "extra": self.extra,
        }

    # ------------------------------------------------------------------------------ save
    def _payload_files(self) -> tuple[dict[str, bytes], str | None]:
        files: dict[str, bytes] = {}
        estimator_format = None
        if self.estimator is not None:
            estimator_format, data = estimator_to_bytes(self.estimator)
            files[f"estimator.{estimator_format}"] = data
        elif self._pending is not None:  # read without its estimator: keep the stored file as is
            estimator_format, data = self._pending[0], self._pending[1]
            files[f"estimator.{estimator_format}"] = data
        for name, obj in self._json.items():
            files[f"json/{name}.json"] = json.dumps(
                obj, ensure_ascii=False, indent=1, allow_nan=False
            ).encode("utf-8")
        for name, (fmt, arrays) in self._arrays.items():
            files[f"arrays/{name}.{fmt}"] = arrays_to_bytes(arrays, fmt)
        return files, estimator_format

    def save(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the bundle to a directory, or to a zip file when ``path`` ends in ``.zip``."""
        target = Path(path)
        if target.exists() and not overwrite:
            raise ModelError(f"{target} already exists; pass overwrite=True to replace it")
        files, estimator_format = self._payload_files()
        meta = self.metadata()
        meta["estimator_format"] = estimator_format
        meta["json_files"] = self.json_names
        meta["arrays"] = {name: fmt for name, (fmt, _) in sorted(self._arrays.items())}
        meta["files"] = {name: sha256_hex(data) for name, data in sorted(files.items())}
        try:
            files[METADATA] = json.dumps(
                meta, ensure_ascii=False, indent=2, allow_nan=False
            ).encode("utf-8")
        except ValueError as exc:
            raise ModelError(f"bundle metadata is not valid JSON (NaN in metrics?): {exc}") from exc

        target.parent.mkdir(parents=True, exist_ok=True)
        # Write next to the target, then swap, so a failed save never leaves half a bundle.
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            if target.suffix == ".zip":
                tmp_zip = staging / target.name
                with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                    for name, data in sorted(files.items()):
                        zf.writestr(name, data)
                remove_path(target)
                tmp_zip.replace(target)
            else:
                tmp_dir = staging / "bundle"
                for name, data in files.items():
                    out = tmp_dir / name
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(data)
                remove_path(target)
                tmp_dir.replace(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return target

    # ------------------------------------------------------------------------------ load
    @classmethod
    def load(
        cls, path: str | Path, *, trusted: Sequence[str] | bool = (), load_estimator: bool = True
    ) -> Bundle:
        """Read and validate a bundle directory or zip.

        ``load_estimator=False`` checks the estimator file's checksum but defers rebuilding it
        (which imports scikit-learn through skops) to :meth:`load_estimator`; saving such a
        bundle writes the stored estimator file unchanged.

        Raises :class:`ModelError` for a missing path or file, corrupted JSON, a file whose
        checksum does not match, an unsupported format version, or an estimator holding types
        outside the skops allow-list that ``trusted`` does not name (``trusted=True`` accepts
        every type and pickle payloads: only for bundles you trust).
        """
        source = Path(path)
        read = bundle_reader(source)
        try:
            raw = read(METADATA)
        except FileNotFoundError:
            raise ModelError(f"{source} is not a model bundle: {METADATA} is missing") from None
        try:
            meta = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{source}: {METADATA} is corrupted ({exc})") from exc
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
            raise ModelError(f"{source}: {METADATA} is not interlang bundle metadata")
        version = meta.get("format_version")
        if not isinstance(version, int):
            raise ModelError(f"{source}: {METADATA} has no valid format_version")
        if version > FORMAT_VERSION:
            raise ModelError(
                f"{source} uses bundle format {version}, newer than this interlang "
                f"({__version__}) reads ({FORMAT_VERSION}); upgrade interlang"
            )
        if version < 1:
            raise ModelError(f"{source}: unknown bundle format version {version}")

        files: dict[str, bytes] = {}
        for name, digest in dict(meta.get("files", {})).items():
            try:
                data = read(name)
            except FileNotFoundError:
                raise ModelError(f"{source}: bundle file {name} is missing") from None
            if sha256_hex(data) != digest:
                raise ModelError(f"{source}: bundle file {name} is corrupted (checksum mismatch)")
            files[name] = data

        try:
            bundle = cls(
                name=str(meta["name"]),
                task=str(meta["task"]),
                labels=LabelSet.from_dict(meta["labels"]),
                features=[str(f) for f in meta.get("features", [])],
                language=meta.get("language"),
                corpora=[CorpusInfo.from_dict(c) for c in meta.get("corpora", [])],
                licence=meta.get("licence"),
                non_commercial=bool(meta.get("non_commercial", False)),
                metrics=dict(meta.get("metrics") or {}),
                calibration=meta.get("calibration"),
                seed=int(meta.get("seed", DEFAULT_SEED)),
                created=str(meta.get("created", "")),
                extra=dict(meta.get("extra") or {}),
                interlang_version=str(meta.get("interlang_version", "")),
                estimator_class=meta.get("estimator_class"),
            )
        except (KeyError, TypeError, ValueError, AssertionError) as exc:
            raise ModelError(f"{source}: invalid bundle metadata ({exc!r})") from exc

        estimator_format = meta.get("estimator_format")
        if estimator_format is not None:
            name = f"estimator.{estimator_format}"
            if name not in files:
                raise ModelError(f"{source}: bundle file {name} is missing")
            if load_estimator:
                bundle.estimator = estimator_from_bytes(files[name], estimator_format, trusted, source)
            else:
                if estimator_format not in ("skops", "joblib"):
                    raise ModelError(f"{source}: unknown estimator format {estimator_format!r}")
                bundle._pending = (str(estimator_format), files[name], trusted, source)
        for name in meta.get("json_files", []):
            key = f"json/{name}.json"
            if key not in files:
                raise ModelError(f"{source}: bundle file {key} is missing")
            try:
                bundle._json[name] = json.loads(files[key].decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ModelError(f"{source}: {key} is corrupted ({exc})") from exc
        for name, fmt in dict(meta.get("arrays", {})).items():
            key = f"arrays/{name}.{fmt}"
            if key not in files:
                raise ModelError(f"{source}: bundle file {key} is missing")
            bundle._arrays[name] = (fmt, arrays_from_bytes(files[key], fmt, source))
        return bundle


# ------------------------------------------------------------------------------------ helpers
