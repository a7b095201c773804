"""A bundle's files: the directory/zip reader, array payloads and the estimator allow-list."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from interlang.errors import ModelError
from interlang.models.bundle_files import (
    arrays_from_bytes,
    arrays_to_bytes,
    bundle_reader,
    class_path,
    sha256_hex,
)


def test_directory_reader_stays_inside_the_bundle(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "bundle.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("no")
    read = bundle_reader(tmp_path / "b")
    assert read("bundle.json") == b"{}"
    with pytest.raises(ModelError, match="outside the bundle"):
        read("../secret.txt")


def test_zip_reader_and_refusals(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("bundle.json", "{}")
    read = bundle_reader(path)
    assert read("bundle.json") == b"{}"
    with pytest.raises(FileNotFoundError):
        read("estimator.skops")
    (tmp_path / "plain.txt").write_text("not a zip")
    with pytest.raises(ModelError, match="neither a bundle directory nor a zip"):
        bundle_reader(tmp_path / "plain.txt")
    with pytest.raises(ModelError, match="does not exist"):
        bundle_reader(tmp_path / "absent")


def test_npz_arrays_round_trip_and_corruption_is_a_model_error() -> None:
    arrays = {"coef": np.arange(6.0).reshape(2, 3), "ids": np.array([1, 2], dtype=np.int64)}
    data = arrays_to_bytes(arrays, "npz")
    back = arrays_from_bytes(data, "npz", Path("b"))
    assert set(back) == {"coef", "ids"} and np.array_equal(back["coef"], arrays["coef"])
    with pytest.raises(ModelError, match="corrupted"):
        arrays_from_bytes(data[:20], "npz", Path("b"))
    with pytest.raises(ModelError, match="unknown array format"):
        arrays_from_bytes(data, "pickle", Path("b"))


def test_checksum_and_class_path() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert class_path(Path("x")).startswith("pathlib.")
