"""The task registry: three tasks, shipped models with their trained ranges."""

from __future__ import annotations

import pytest

from interlang.errors import InputError
from interlang.models.shipped import SHIPPED
from interlang.tasks.registry import (
    SHIPPED_MODELS,
    TASKS,
    bundle_task,
    edge_wording,
    get_task,
    task_of_bundle,
)


def test_three_tasks_with_their_bundle_task() -> None:
    assert set(TASKS) == {"difficulty", "proficiency", "l1"}
    assert bundle_task("proficiency") == "level"
    assert bundle_task("difficulty") == "difficulty"  # a task of its own, not a learner-essay level
    assert bundle_task("l1") == "l1"
    with pytest.raises(InputError):
        get_task("style")


def test_every_shipped_model_has_a_task_entry_matching_its_bundle() -> None:
    assert set(SHIPPED_MODELS) == set(SHIPPED)
    for name, entry in SHIPPED_MODELS.items():
        kind, lang, _ = SHIPPED[name]
        assert bundle_task(entry.task) == kind and entry.language == lang
        assert (entry.trained_range is None) == (entry.task == "l1")
    assert SHIPPED_MODELS["level-en"].trained_range == ("B1", "C2")
    assert task_of_bundle("level", "level-en") == "proficiency"
    assert task_of_bundle("level", "/some/path") == "proficiency"


def test_shipped_ranges_match_the_bundles() -> None:
    from interlang.models.bundle import Bundle
    from interlang.models.shipped import shipped_path

    for name, entry in SHIPPED_MODELS.items():
        path = shipped_path(name)
        if path is None or entry.trained_range is None:
            continue
        labels = Bundle.load(path, load_estimator=False).labels.labels
        assert (labels[0], labels[-1]) == entry.trained_range


def test_edge_wording() -> None:
    assert edge_wording("B1", ("B1", "C2")) == "B1 or below"
    assert edge_wording("C1", ("A1", "C1")) == "C1 or above"
    assert edge_wording("A1", ("A1", "C1")) is None
    assert edge_wording("B2", ("B1", "C2")) is None
    assert edge_wording("B1", None) is None
