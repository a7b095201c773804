"""Prompt templates: rendering, label lists from the LabelSet, registry checks."""

from __future__ import annotations

import pytest

from interlang.errors import InputError
from interlang.labels import LabelSet
from interlang.models.llm.prompts import (
    PROMPTS,
    PromptTemplate,
    continuation,
    get_prompt,
    register_prompt,
)


def test_nli_prompt_has_task_closed_list_text_and_answer() -> None:
    labels = LabelSet.nominal(["Spanish", "German", "Mandarin"])
    prompt = get_prompt(None, "l1").render("  I am agree with this.  ", labels.labels, "en")
    assert prompt.startswith("The text below was written in English")
    assert "native language" in prompt
    assert "Which of these is the writer's native language: German, Mandarin, Spanish?" in prompt
    assert "TEXT:\nI am agree with this.\n\nANSWER:" in prompt
    assert prompt.endswith("ANSWER:")
    assert prompt.index("QUESTION:") < prompt.index("TEXT:") < prompt.index("ANSWER:")


def test_cefr_prompt_lists_descriptors_of_the_levels_in_the_set_only() -> None:
    prompt = get_prompt("cefr", "level").render("Ich bin Anna.", ("A1", "A2", "B1"), "de")
    assert "written in German" in prompt
    assert "- A1 (beginner)" in prompt and "- B1 (intermediate)" in prompt
    assert "C1 (advanced)" not in prompt
    assert "Which of these levels is the text: A1, A2, B1?" in prompt
    # non-CEFR ordinal labels are listed as they are
    assert "- advanced" in get_prompt("cefr", "level").render("x", ("elementary", "advanced"), "en")


def test_unknown_language_code_and_continuation() -> None:
    assert "written in the target language" in PROMPTS["nli"].render("x", ("A",), None)
    assert continuation("Spanish") == " Spanish"


def test_registry_checks() -> None:
    with pytest.raises(InputError, match="unknown prompt"):
        get_prompt("nope", "l1")
    with pytest.raises(InputError, match="for the 'l1' task"):
        get_prompt("nli", "level")
    with pytest.raises(InputError, match="must end with 'ANSWER:'"):
        register_prompt(PromptTemplate("bad", "l1", "Guess: {text}"))
    with pytest.raises(InputError, match="already registered"):
        register_prompt(PromptTemplate("nli", "l1", "{text}\nANSWER:"))
    short = PromptTemplate("short-test", "l1", "L1 of: {text} ({labels})\nANSWER:")
    register_prompt(short)
    try:
        assert get_prompt("short-test", "l1").render("hi", ("A", "B")) == "L1 of: hi (A, B)\nANSWER:"
    finally:
        del PROMPTS["short-test"]
