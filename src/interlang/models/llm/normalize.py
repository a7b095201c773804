"""Map an LLM's free-text answer onto a closed label set, or to None when it names no label.

Free generation is only the fallback (log-likelihood scoring never leaves the label set), but when
it is used the answers are messy: "spanish", "Mandarin Chinese", "Portuguese (Brazil)", "Farsi",
"B1+", "The level is B2.", or something that is not a language at all (the seed paper's LLaMA 3.1
run produced such outputs). :class:`LabelNormalizer`:

1. case-folds and strips quotes / punctuation, then looks the whole answer up among the labels and
   their aliases (:data:`ALIAS_GROUPS`: one group of equivalent names per language, so "Chinese"
   and "Mandarin" reach whichever of the two the label set uses);
2. for CEFR label sets, takes the first level written in the answer, through
   :func:`interlang.labels.normalize_cefr` ("B1+" → B1, "level b2" → B2);
3. otherwise returns the label whose name or alias appears *first* in the answer ("I think the
   writer is Spanish, maybe Italian" → Spanish); codes of three letters or fewer ("zh", "es")
   count only as a whole answer, never inside a sentence;
4. else returns None: the caller counts it as invalid and never maps it to a class.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from interlang.labels import CEFR_LEVELS, LabelSet, normalize_cefr

__all__ = ["ALIAS_GROUPS", "LabelNormalizer"]

#: Equivalent names of one language (case-folded); the first is the usual English name.
ALIAS_GROUPS: tuple[tuple[str, ...], ...] = (
    ("mandarin", "chinese", "mandarin chinese", "chinese mandarin", "standard chinese",
     "chinese (mandarin)", "mandarin (chinese)", "putonghua", "zh", "zho", "chi", "cmn"),
    ("portuguese", "brazilian", "brazilian portuguese", "portuguese (brazil)",
     "portuguese (brazilian)", "european portuguese", "portuguese (portugal)", "português",
     "portugues", "pt", "pt-br", "por"),
    ("spanish", "castilian", "español", "espanol", "es", "spa"),
    ("persian", "farsi", "iranian persian", "fa", "fas", "per"),
    ("german", "deutsch", "de", "deu", "ger"),
    ("french", "français", "francais", "fr", "fra", "fre"),
    ("italian", "italiano", "it", "ita"),
    ("russian", "русский", "ru", "rus"),
    ("japanese", "日本語", "ja", "jpn"),
    ("korean", "한국어", "ko", "kor"),
    ("arabic", "العربية", "ar", "ara"),
    ("turkish", "türkçe", "turkce", "tr", "tur"),
    ("polish", "polski", "pl", "pol"),
    ("czech", "čeština", "cestina", "cs", "ces", "cze"),
    ("dutch", "nederlands", "flemish", "nl", "nld", "dut"),
    ("swedish", "svenska", "sv", "swe"),
    ("finnish", "suomi", "fi", "fin"),
    ("greek", "modern greek", "ελληνικά", "el", "ell", "gre"),
    ("hungarian", "magyar", "hu", "hun"),
    ("lithuanian", "lietuvių", "lt", "lit"),
    ("macedonian", "македонски", "mk", "mkd", "mac"),
    ("norwegian", "norsk", "bokmål", "bokmal", "norwegian bokmål", "no", "nb", "nor"),
    ("serbian", "srpski", "српски", "sr", "srp"),
    ("bulgarian", "български", "bg", "bul"),
    ("tswana", "setswana", "tn", "tsn"),
    ("punjabi", "panjabi", "pa", "pan"),
    ("urdu", "ur", "urd"),
    ("hindi", "hi", "hin"),
    ("english", "en", "eng"),
)

_STRIP = " \t\r\n\"'`“”‘’«».,;:!?()[]{}*_-"
#: Aliases this short are language codes: matched only as the whole answer.
_CODE_LENGTH = 3
_CEFR_IN_TEXT = re.compile(r"(?<![A-Za-z])([ABCabc])\s?([12])(\+|-|\.[12])?(?![0-9])")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class LabelNormalizer:
    """Normalises free-text answers to the labels of one :class:`LabelSet` (see module docstring)."""

    def __init__(self, labels: LabelSet | Sequence[str], extra_aliases: Iterable[tuple[str, str]] = ()) -> None:
        names = tuple(labels.labels) if isinstance(labels, LabelSet) else tuple(labels)
        self.labels = names
        self.cefr = bool(names) and all(label in CEFR_LEVELS for label in names)
        keys: dict[str, str] = {}
        for label in names:  # alias groups first, so exact label names win over them below
            folded = _fold(label)
            for group in ALIAS_GROUPS:
                if folded in group:
                    for alias in group:
                        keys.setdefault(alias, label)
        for label in names:
            keys[_fold(label)] = label
        for alias, label in extra_aliases:
            if label not in names:
                raise ValueError(f"alias {alias!r} points at {label!r}, which is not a label")
            keys[_fold(alias)] = label
        self.keys = keys
        # Longest first, so "mandarin chinese" is tried before "chinese" at the same position.
        in_text = sorted((k for k in keys if len(k) > _CODE_LENGTH), key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in in_text) + r")(?!\w)")
            if in_text else None
        )

    def __call__(self, answer: str | None) -> str | None:
        return self.normalize(answer)

    def normalize(self, answer: str | None) -> str | None:
        """The label ``answer`` names, or None when it names none (an invalid output)."""
        if answer is None:
            return None
        folded = _fold(answer).strip(_STRIP)
        if not folded:
            return None
        if folded in self.keys:
            return self.keys[folded]
        if self.cefr:
            for match in _CEFR_IN_TEXT.finditer(answer):
                level = normalize_cefr("".join(g or "" for g in match.groups()))
                if level in self.labels:
                    return level
            return None
        if self._pattern is None:
            return None
        found = self._pattern.search(folded)
        return None if found is None else self.keys[found.group(1)]

    def normalize_many(self, answers: Iterable[str | None]) -> tuple[list[str | None], int]:
        """Normalised answers and how many of them were invalid (None)."""
        out = [self.normalize(a) for a in answers]
        return out, sum(1 for x in out if x is None)
