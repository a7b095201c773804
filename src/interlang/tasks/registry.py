"""The three tasks interlang answers, their label sets, and what each shipped model was trained on.

* ``difficulty`` — how hard a text is to read (any text; the task of the CEFR paper).
  ``difficulty-en`` / ``difficulty-de`` / ``difficulty-multi`` (bundle task ``"difficulty"``):
  sentence levels from a fine-tuned multilingual e5-small, trained on CEFR-SP and ReadMe++.
* ``proficiency`` — the CEFR level of a learner's writing. ``level-de`` / ``level-en`` are
  proficiency models (MERLIN-de / ICLE500 essays), stored with bundle task ``"level"``.
* ``l1`` — the writer's native language (NLI).

A shipped model only knows the levels it was trained on: ``level-en`` saw B1–C2, so a text
below B1 comes out as B1. :data:`SHIPPED_MODELS` records that **trained range**, and
:func:`edge_wording` turns a top label at an open edge into "B1 or below" rather than a
confident "B1".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS

__all__ = [
    "SHIPPED_MODELS",
    "TASKS",
    "ShippedModel",
    "Task",
    "bundle_task",
    "edge_wording",
    "get_task",
    "shipped_model",
    "task_of_bundle",
]


@dataclass(frozen=True)
class Task:
    """One question interlang answers about a text."""

    name: str
    description: str
    #: The full label scale of the task (a model may cover part of it: its trained range).
    labels: tuple[str, ...]
    ordinal: bool
    #: ``Bundle.task`` of the models that answer it ("level" for proficiency).
    bundle_task: str
    #: Corpora with gold labels for the task (reader names of :mod:`interlang.corpora`).
    corpora: tuple[str, ...] = ()
    #: How labels outside a model's range are handled.
    label_policy: str = ""
    #: Training recipes: ``interlang train`` family names that apply.
    recipes: tuple[str, ...] = ()


TASKS: dict[str, Task] = {
    "difficulty": Task(
        "difficulty",
        "how hard a text is to read (any text, not only learner writing)",
        CEFR_LEVELS, True, "difficulty",
        corpora=("cefr-sp", "readme-plusplus", "onestopenglish", "textcomplexityde19", "klexikon", "deplain-web-doc"),
        label_policy="levels absent from the training corpus are outside the model's range; a "
        "prediction at an open edge of the range reads 'X or below' / 'X or above'",
        recipes=("sentence-e5-lora",),
    ),
    "proficiency": Task(
        "proficiency",
        "the CEFR level of a learner's writing",
        CEFR_LEVELS, True, "level",
        corpora=("merlin-de", "icle500", "efcamdat"),
        label_policy="rare levels are merged into a neighbour (tasks.policies.LABEL_POLICIES); a "
        "prediction at an open edge of the trained range reads 'X or below' / 'X or above'",
        recipes=("rules", "logreg", "ordinal", "rf", "gb", "svm", "xgb", "lgbm", "transformer", "embeddings", "llm"),
    ),
    "l1": Task(
        "l1",
        "the writer's native language (native-language identification)",
        (), False, "l1",
        corpora=("icle500", "merlin-de", "efcamdat"),
        label_policy="L1s with too few texts are dropped, never mapped; labels are the model's own",
        recipes=("ngram", "transformer", "embeddings", "llm"),
    ),
}


def get_task(name: str) -> Task:
    """The task called ``name`` (:class:`InputError` listing the known ones otherwise)."""
    try:
        return TASKS[name]
    except KeyError:
        raise InputError(f"unknown task {name!r}; tasks: {', '.join(TASKS)}") from None


def bundle_task(task: str) -> str:
    """``Bundle.task`` for a task name (``"proficiency"`` → ``"level"``); bundle tasks pass through."""
    return TASKS[task].bundle_task if task in TASKS else task


@dataclass(frozen=True)
class ShippedModel:
    """What a shipped model answers and what it was trained on."""

    name: str
    task: str
    language: str
    corpus: str
    #: The lowest and highest label it was trained on (None for nominal tasks such as L1).
    trained_range: tuple[str, str] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


SHIPPED_MODELS: dict[str, ShippedModel] = {
    "level-de": ShippedModel(
        "level-de", "proficiency", "de", "merlin-de", ("A1", "C1"),
        ("MERLIN-de's 3 C2 texts are merged into C1: C1 means 'C1 or above'",),
    ),
    "level-en": ShippedModel(
        "level-en", "proficiency", "en", "icle500", ("B1", "C2"),
        ("ICLE500 has one A2 essay, merged into B1: B1 means 'B1 or below'",),
    ),
    "level-it": ShippedModel(
        "level-it", "proficiency", "it", "merlin-it", ("A1", "B1"),
        ("MERLIN-it has no text above B1: B1 means 'B1 or above'; character and word n-grams, no parser",),
    ),
    "level-cs": ShippedModel(
        "level-cs", "proficiency", "cs", "merlin-cz", ("A2", "B2"),
        ("MERLIN-cz has A2-B2 only: A2 means 'A2 or below', B2 'B2 or above'; character and word n-grams, no parser",),
    ),
    "l1-en": ShippedModel("l1-en", "l1", "en", "icle500"),
    "l1-de": ShippedModel("l1-de", "l1", "de", "merlin-de"),
    "difficulty-en": ShippedModel(
        "difficulty-en", "difficulty", "en", "cefr-sp+readme-plusplus", ("A1", "C2"),
        ("sentence levels as CEFR-SP / ReadMe++ annotators rate them: the reader a sentence suits",),
    ),
    "difficulty-de": ShippedModel(
        "difficulty-de", "difficulty", "de", "cefr-sp+readme-plusplus", ("A1", "C2"),
        ("no German CEFR-labelled sentences exist here: the multilingual model's transfer, "
         "validated on Klexikon, DEplain and TextComplexityDE19",),
    ),
    "difficulty-multi": ShippedModel(
        "difficulty-multi", "difficulty", "*", "cefr-sp+readme-plusplus", ("A1", "C2"),
        ("trained on en, ar, fr, hi, ru; other languages get e5's cross-lingual transfer",),
    ),
}


def shipped_model(name: str) -> ShippedModel | None:
    """The registry entry of a shipped model name, None for a local bundle."""
    return SHIPPED_MODELS.get(name)


def task_of_bundle(bundle_task_name: str, name: str = "") -> str:
    """The task a bundle answers: shipped models say; a "level" bundle is proficiency by default."""
    entry = SHIPPED_MODELS.get(name)
    if entry is not None:
        return entry.task
    return "proficiency" if bundle_task_name == "level" else bundle_task_name


def edge_wording(label: str, trained: tuple[str, str] | None, scale: tuple[str, ...] = CEFR_LEVELS) -> str | None:
    """``"B1 or below"`` when ``label`` is the low end of a range that stops above the scale's
    bottom (``"C1 or above"`` for the top end); None when the label is inside the range or the
    range reaches the end of the scale (A1 is the lowest CEFR level: nothing lies below it)."""
    if trained is None or label not in scale:
        return None
    low, high = trained
    if label == low and low in scale and scale.index(low) > 0:
        return f"{label} or below"
    if label == high and high in scale and scale.index(high) < len(scale) - 1:
        return f"{label} or above"
    return None
