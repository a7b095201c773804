"""Prediction, LabelRange and the edge wording of a trained range."""

from __future__ import annotations

from interlang.analysis.prediction import LabelRange, ModelRef, Prediction, Reason, make_range


def test_edge_wording_only_at_open_edges() -> None:
    labels = ["B1", "B2", "C1", "C2"]
    assert make_range("B1", labels, None, True) == LabelRange("B1", "C2", "B1 or below")
    assert make_range("B2", labels, None, True) == LabelRange("B1", "C2", None)
    assert make_range("C2", labels, None, True) == LabelRange("B1", "C2", None)  # nothing above C2
    assert make_range("A1", ["A1", "A2"], None, True).edge is None  # nothing below A1
    assert make_range("A2", ["A1", "A2"], None, True).edge == "A2 or above"
    assert make_range("German", ["German", "French"], None, False) is None


def test_to_dict_keeps_the_family_json_and_adds_task_and_range() -> None:
    pred = Prediction(
        task="proficiency", label="B1", probabilities={"B1": 0.9, "B2": 0.1}, top_k=(("B1", 0.9), ("B2", 0.1)),
        range=LabelRange("B1", "B2", "B1 or below"),
        reasons=(Reason.from_dict({"feature": "f", "value": 1.0, "contribution": 0.5}),),
        model=ModelRef("m", "0.1.0"), details={"level": "B1", "confidence": 0.9},
    )
    out = pred.to_dict()
    assert out["level"] == "B1" and out["task"] == "proficiency"
    assert out["range"] == {"trained": ["B1", "B2"], "edge": "B1 or below"}
    assert pred.confidence == 0.9 and pred.wording == "B1 or below"
    summary = pred.summary()
    assert summary["wording"] == "B1 or below" and summary["reasons"][0]["what"] == "f"
    assert Reason.from_dict({"span": "agree", "start": 5, "end": 10, "weight": 1.5}).kind == "span"
