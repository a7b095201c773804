"""The rule tables' defaults: the paper's hand-set values, column names and search settings.

``fit`` learns every table from data; these are its starting points and its fallbacks when a
table cannot be learned (too few rows, a feature missing for the language).
"""

from __future__ import annotations

__all__ = [
    "COMPONENTS",
    "DEFAULT_FORMULA_WEIGHTS",
    "DEFAULT_LINGUISTIC_FEATURES",
    "DEFAULT_UNKNOWN_THRESHOLD",
    "DEFAULT_VOCAB_THRESHOLDS",
    "DEFAULT_WEIGHTS",
    "DISCOVER",
    "FORMULA_COLUMNS",
    "N_QUANTILES",
    "TEMPERATURE_BOUNDS",
    "UNKNOWN_COLUMN",
    "VOCAB_COLUMNS",
]

COMPONENTS: tuple[str, ...] = ("vocabulary", "readability", "linguistic")
DEFAULT_WEIGHTS: dict[str, float] = {"vocabulary": 0.30, "readability": 0.40, "linguistic": 0.30}
#: Cumulative coverage (%) needed for A1…C1 (paper: 85 % A1, 80 % A2, decreasing to 65 % C1).
DEFAULT_VOCAB_THRESHOLDS: tuple[float, ...] = (85.0, 80.0, 75.0, 70.0, 65.0)
DEFAULT_UNKNOWN_THRESHOLD = 30.0
VOCAB_COLUMNS: tuple[str, ...] = tuple(f"vocab_pct_{lv}" for lv in ("a1", "a2", "b1", "b2", "c1", "c2"))
UNKNOWN_COLUMN = "vocab_pct_unknown"
#: formula → default vote weight.
DEFAULT_FORMULA_WEIGHTS: dict[str, float] = {
    "wstf": 1.0,
    "flesch_amstad": 0.9,
    "flesch_kincaid": 0.7,
    "gunning_fog": 0.6,
    "smog": 0.6,
    "ari": 0.65,
    "coleman_liau": 0.65,
}
#: formula → candidate columns (the first present wins).
FORMULA_COLUMNS: dict[str, tuple[str, ...]] = {
    "wstf": ("read_wstf",),
    "flesch_amstad": ("read_flesch_amstad", "basic_flesch_reading_ease"),
    "flesch_kincaid": ("read_flesch_kincaid",),
    "gunning_fog": ("read_gunning_fog",),
    "smog": ("read_smog",),
    "ari": ("read_ari",),
    "coleman_liau": ("read_coleman_liau",),
}
#: Linguistic categories; diversity/discourse names are also discovered from the registry in fit.
DEFAULT_LINGUISTIC_FEATURES: dict[str, tuple[str, ...]] = {
    "syntax": (
        "syn_clause_depth_mean",
        "syn_mean_dependency_distance",
        "syn_clauses_per_sentence",
        "syn_subordinate_ratio",
        "syn_relative_ratio",
    ),
    "grammar": ("syn_passive_ratio", "syn_modal_ratio", "syn_infinitive_ratio", "syn_nominalisation_ratio"),
    "lexical": ("div_mtld", "lex_mean_zipf", "lex_pct_rare", "morph_pct_compounds", "morph_pct_international"),
    "discourse": ("disc_advanced_connective_share", "disc_sophisticated_connective_share"),
}
#: category → (feature group, name fragments) of registered features that join the category.
DISCOVER: dict[str, tuple[str, tuple[str, ...]]] = {
    "lexical": ("diversity", ("mtld", "mattr", "hdd")),
    "discourse": ("discourse", ("advanced", "sophisticated")),
}
#: Training percentiles stored per linguistic feature (0, 2, …, 100).
N_QUANTILES = 51
#: Search interval of the kernel temperature. Not :data:`interlang.numeric.TEMPERATURE_BOUNDS`:
#: ``T`` here scales squared level distances (0–25), not logits, and the interval is part of
#: what a fitted rules table means.
TEMPERATURE_BOUNDS: tuple[float, float] = (0.02, 50.0)
