"""Feature registry: every feature has a name, a group, a description and a unit.

Extractors are small functions registered per group. Each returns a mapping of feature name to
a float or an :class:`Unavailable` (with the reason), so that a feature which cannot be
computed for a language or a text is reported as such, never as a silent zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping
from dataclasses import dataclass, field

from interlang.text.document import Document

#: Feature groups in report order (Appendix 11.1 of the CEFR paper, plus diversity and discourse).
GROUPS: tuple[str, ...] = (
    "basic",
    "readability",
    "vocabulary",
    "vocabulary_ratios",
    "morphosyntax",
    "syntax",
    "diversity",
    "discourse",
    "tfidf",
)


@dataclass(frozen=True)
class Feature:
    name: str
    group: str
    description: str
    unit: str
    #: Language codes the feature is defined for; None means every supported language.
    languages: frozenset[str] | None = None
    #: What a linguist calls it ("Wiener Sachtextformel", "% words at A1"); see :attr:`title`.
    label: str = ""

    def supports(self, lang: str) -> bool:
        return self.languages is None or lang in self.languages

    @property
    def title(self) -> str:
        """The human label shown in reports and the workbench (the raw name stays in JSON)."""
        return self.label or self.name.replace("_", " ")

    def format_value(self, value: float) -> str:
        """``value`` with its unit for a person to read ("24.1 words", "12.0 %", "grade 8.3").

        Counts print as integers, small values keep two decimals (a ratio of 0.07 is not "0.1").
        Bare-number units (ratios, scores) print no unit; grade-like units go first.
        """
        if value != value:  # NaN
            return "n/a"
        if float(value).is_integer() and abs(value) < 1e15:
            number = f"{value:.0f}"
        elif abs(value) >= 100:
            number = f"{value:,.0f}"
        elif abs(value) >= 1:
            number = f"{value:.1f}"
        else:
            number = f"{value:.2f}"
        if self.unit in _BARE_UNITS:
            return number
        if self.unit in ("%", "percent"):
            return f"{number} %"
        if self.unit in _LEADING_UNITS:
            return f"{_LEADING_UNITS[self.unit]} {number}"
        return f"{number} {self.unit}"


#: Units shown as a bare number (the label says what it is).
_BARE_UNITS = frozenset({"", "score", "index", "ratio", "fraction"})
#: Units read before the number: "grade 8.3", "Zipf 5.8", "level 2.4".
_LEADING_UNITS = {"grade": "grade", "zipf": "Zipf", "level": "level"}


@dataclass(frozen=True)
class Unavailable:
    """A feature value that could not be computed, and why."""

    reason: str


Value = float | Unavailable
Extractor = Callable[[Document], Mapping[str, Value]]


@dataclass(frozen=True)
class _Registered:
    group: str
    features: tuple[Feature, ...]
    func: Extractor


_REGISTRY: list[_Registered] = []
FEATURES: dict[str, Feature] = {}


def extractor(group: str, features: Iterable[Feature]) -> Callable[[Extractor], Extractor]:
    """Register ``func`` as the extractor of ``features`` (all in ``group``)."""
    if group not in GROUPS:
        raise ValueError(f"unknown feature group {group!r}")
    feats = tuple(features)

    def deco(func: Extractor) -> Extractor:
        for f in feats:
            if f.group != group:
                raise ValueError(f"feature {f.name} declares group {f.group}, registered under {group}")
            if f.name in FEATURES:
                raise ValueError(f"feature {f.name} registered twice")
            FEATURES[f.name] = f
        _REGISTRY.append(_Registered(group, feats, func))
        return func

    return deco


@dataclass
class FeatureValues:
    """Feature name → value (NaN where unavailable); ``unavailable`` holds the reasons.

    Not a ``Mapping`` subclass on purpose: ``values`` is the data itself (a dict), so
    ``fv.values.items()`` reads naturally; the mapping-style helpers below forward to it.
    """

    values: dict[str, float]
    unavailable: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> float:
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, key: object) -> bool:
        return key in self.values

    def get(self, key: str, default: float | None = None) -> float | None:
        return self.values.get(key, default)

    def keys(self) -> KeysView[str]:
        return self.values.keys()

    def items(self) -> ItemsView[str, float]:
        return self.values.items()

    def by_group(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {g: {} for g in GROUPS}
        for name, value in self.values.items():
            out[FEATURES[name].group][name] = value
        return {g: v for g, v in out.items() if v}


def list_features(group: str | None = None, lang: str | None = None) -> list[Feature]:
    """Every registered per-document feature (fitted TF-IDF components are not listed here)."""
    _load_builtin()
    # The order of :func:`extract` (by group, then registration): independent of import order.
    feats = [f for reg in sorted(_REGISTRY, key=lambda r: GROUPS.index(r.group)) for f in reg.features]
    if group is not None:
        feats = [f for f in feats if f.group == group]
    if lang is not None:
        feats = [f for f in feats if f.supports(lang)]
    return feats


def extract(doc: Document, groups: Iterable[str] | None = None) -> FeatureValues:
    """Compute every registered feature of ``doc`` (or only those of ``groups``)."""
    _load_builtin()
    wanted = set(groups) if groups is not None else None
    values: dict[str, float] = {}
    unavailable: dict[str, str] = {}
    for reg in sorted(_REGISTRY, key=lambda r: GROUPS.index(r.group)):
        if wanted is not None and reg.group not in wanted:
            continue
        supported = [f for f in reg.features if f.supports(doc.lang)]
        for f in reg.features:
            if not f.supports(doc.lang):
                values[f.name] = math.nan
                unavailable[f.name] = f"not defined for language {doc.lang!r}"
        if not supported:
            continue
        result = reg.func(doc)
        for f in supported:
            v = result.get(f.name, Unavailable("extractor returned no value"))
            if isinstance(v, Unavailable):
                values[f.name] = math.nan
                unavailable[f.name] = v.reason
            else:
                fv = float(v)
                values[f.name] = fv
                if math.isnan(fv):
                    unavailable.setdefault(f.name, "undefined for this text")
    return FeatureValues(values, unavailable)


_LOADED = False


def _load_builtin() -> None:
    """Import the built-in extractor modules once (registration happens at their import)."""
    global _LOADED
    if _LOADED:
        return
    import importlib

    for module in (
        "basic",
        "readability",
        "vocabulary",
        "morphosyntax",
        "syntax",
        "diversity",
        "discourse",
    ):
        try:
            importlib.import_module(f"interlang.features.{module}")
        except ModuleNotFoundError as exc:  # a group not written yet
            if exc.name != f"interlang.features.{module}":
                raise
    _LOADED = True


def safe_div(num: float, den: float) -> float:
    """``num / den``, NaN when the denominator is zero (a ratio over nothing is undefined)."""
    return num / den if den else math.nan
