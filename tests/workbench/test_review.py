"""The reviewer's text view: what lies above a target level, marked in the text."""

from __future__ import annotations

import pytest

from interlang.workbench.review import target_view

from .conftest import WEB_EXTRA, World

EASY = "Ich wohne in Berlin. Ich habe einen Hund."
HARD = ("Die Implementierung dieser sozioökonomischen Maßnahmen erfordert eine umfassende Evaluierung "
        "der institutionellen Rahmenbedingungen.")


def test_target_view_marks_only_the_hard_sentence_and_keeps_the_whole_text() -> None:
    text = f"{EASY} {HARD}"
    view = target_view(text, "de", "A2")
    assert "error" not in view and view["target"] == "A2" and view["n_sentences"] == 3
    assert "".join(p["text"] for p in view["pieces"]) == text  # nothing lost, nothing reordered
    marked = [p["text"] for p in view["pieces"] if p["level"]]
    assert marked == [HARD]
    assert 0.5 < view["share_above"] < 1 and view["model"] == "difficulty-de"


def test_target_view_reports_a_text_it_cannot_read() -> None:
    view = target_view("   ", "de", "B1")
    assert view["target"] == "B1" and "empty" in view["error"]


def test_text_page_marks_above_the_target(world: World) -> None:
    pytest.importorskip("fastapi.testclient", reason=WEB_EXTRA)
    from .test_web import login

    tid = world.text(text=f"{EASY} {HARD}")["id"]
    reviewer = login(world, "reviewer")
    page = reviewer.get(f"/texts/{tid}?target=A2")
    assert page.status_code == 200
    assert '<mark class="above" title="' in page.text and "1 of 3 sentences above A2" in page.text
    assert reviewer.get(f"/texts/{tid}?target=Z9").status_code == 422
    assert "<mark" not in reviewer.get(f"/texts/{tid}").text
