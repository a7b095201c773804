from __future__ import annotations

import pytest

from interlang.labels import CEFR, CEFR_LEVELS, LabelSet, normalize_cefr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("B1", "B1"),
        ("b2", "B2"),
        (" C1 ", "C1"),
        ("B1+", "B1"),
        ("A2-", "A2"),
        ("A2.i", "A2"),
        ("A2.ii", "A2"),
        ("B1.2", "B1"),
        ("B1/B2", None),
        ("not rated", None),
        ("", None),
        (None, None),
        ("D1", None),
        ("A3", None),
    ],
)
def test_normalize_cefr_sublevel_policy(raw: object, expected: str | None) -> None:
    assert normalize_cefr(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("1", "A1"), (3, "B1"), ("6.0", "C2"), ("7", None), ("2.5", None), ("x", None)])
def test_normalize_cefr_numeric_scale(raw: object, expected: str | None) -> None:
    assert normalize_cefr(raw, numeric=True) == expected


def test_cefr_label_set_is_ordinal() -> None:
    assert CEFR.labels == CEFR_LEVELS
    assert CEFR.ordinal
    assert CEFR.distance("A1", "C2") == 5
    assert CEFR.encode(["B1", "A1"]) == [2, 0]
    assert CEFR.decode([5]) == ["C2"]


def test_nominal_label_set() -> None:
    l1 = LabelSet.nominal(["Spanish", "German", "Arabic", "German"])
    assert l1.labels == ("Arabic", "German", "Spanish")
    assert not l1.ordinal
    assert l1.distance("German", "Spanish") == 1
    assert l1.distance("German", "German") == 0
    with pytest.raises(KeyError, match="Klingon"):
        l1.index("Klingon")


def test_label_set_roundtrip_and_validation() -> None:
    assert LabelSet.from_dict(CEFR.to_dict()) == CEFR
    with pytest.raises(ValueError, match="duplicate"):
        LabelSet(("A1", "A1"))
    with pytest.raises(ValueError):
        LabelSet(())
