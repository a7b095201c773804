"""Mask geographic and identity give-aways so NLI models learn language transfer, not topics.

"I come from Germany" tells the writer's L1 without any interlanguage evidence; such words are
replaced by their category ("Country", "City", "Nationality", "Language").

Rules (table-driven tests in ``tests/corpora/clean``):

* Word-boundary exact: a form matches a whole word ("Germany", "Germany's", German compounds
  split at hyphens); "Germanic" or "Turkeys" are different words.
* Unambiguous forms match in any case: learners write "english", "germany".
* City names match only capitalised (a city name in lower case is an ordinary word).
* Ambiguous English forms that are also ordinary words ("turkey", "china", "polish", "chad",
  "jordan", "japan", "pole", ...) match only capitalised, and only in geographic use:
  mid-sentence capitalisation ("I visited Turkey"), or at the start of a sentence when the same
  word is capitalised mid-sentence elsewhere in the text, or when the next word is a
  country-context noun ("Polish people", "China's economy") or "is a country/nation/...".
  So "Turkey is delicious." at a text's start is kept unless the text names Turkey elsewhere.
* A give-away followed by a compound noun naming a dish or object ("French fries",
  "Turkey sandwich", "China plates", "Polish remover") is kept: it says nothing about the writer.
* German compounds that start with a language or country ("Russischlehrerin", "Polenreise")
  have that part masked ("Languagelehrerin").
* Self-disclosed origins ("ich komme aus X", "I am from X", "I was born in X") mask the
  capitalised words after the cue as "City" when they are not already a known name, so a small
  home town cannot leak either.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from interlang.corpora.clean.gazetteer import (
    CITY,
    COMPOUND_NOUNS,
    LANGUAGE,
    gazetteer,
    language_forms,
)

__all__ = ["MaskResult", "Masker", "mask_text"]

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:\n]|[.!?]['\"”’»)])\s*['\"“‘«(]*$")
_COUNTRY_CONTEXT = frozenset(
    {"people", "language", "government", "culture", "history", "society", "economy",
     "students", "citizens", "nation", "national", "republic", "borders", "capital",
     "population", "cities", "president", "army", "politics", "universities", "economic"}
)
_IS_A_PLACE = re.compile(
    r"^\s*(?:is|was)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:country|nation|state|republic|land|city)\b",
    re.IGNORECASE,
)
_ORIGIN_CUES = {
    "en": re.compile(
        r"\b(?:I\s+(?:am|'m|come|came)\s+from|I\s+was\s+born\s+in|I\s+grew\s+up\s+in|"
        r"I\s+live\s+in|my\s+home\s*town\s+is|my\s+country\s+is)\s+$",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:komme?\s+aus|stamme?\s+aus|bin\s+aus|kam\s+aus|geboren\s+in|wohne?\s+in|"
        r"lebe?\s+in|aufgewachsen\s+in|Heimatstadt\s+ist|Heimatland\s+ist|Heimat\s+ist)\s+$",
        re.IGNORECASE,
    ),
}
#: Capitalised words after an origin cue that are not places ("I am from a small town").
_NOT_PLACES = frozenset(
    {"the", "a", "an", "my", "our", "this", "that", "there", "here", "home", "der", "die",
     "das", "dem", "den", "einer", "einem", "einen", "eine", "ein", "meiner", "meinem",
     "meine", "unserer", "unserem", "hier", "dort", "stadt", "city", "country", "nationality",
     "language", "i", "ich", "and", "und", "september", "januar", "january"}
)


@dataclass
class MaskResult:
    """The masked text and what was replaced (category → count, and the original words)."""

    text: str
    counts: Counter[str] = field(default_factory=Counter)
    replaced: list[tuple[str, str]] = field(default_factory=list)


#: Previous words after which a language-or-nationality form ("Spanish") is the language.
_LANGUAGE_CUES = frozenset(
    {"speak", "speaks", "spoke", "spoken", "speaking", "learn", "learns", "learned", "learnt",
     "learning", "study", "studied", "studying", "in", "into", "from", "native", "mother",
     "teach", "teaching", "taught", "know", "knows", "sprechen", "spreche", "spricht", "lerne",
     "lernen", "auf", "ins"}
)


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, start - 6) : start])) or start == 0


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


class Masker:
    """Replace give-away words in ``lang`` ("en" or "de") by category placeholders.

    ``table`` overrides the gazetteer (lower-cased form → (category, ambiguous)), for tests and
    for corpora with their own lists.
    """

    def __init__(
        self, lang: str, table: Mapping[str, tuple[str, bool]] | None = None, *, origin_cues: bool = True
    ) -> None:
        self.lang = "de" if lang.lower().startswith("de") else "en"
        self.table = dict(table) if table is not None else gazetteer(self.lang)
        self.origin_cues = origin_cues
        self._languages = language_forms(self.lang) if table is None else frozenset(
            k for k, (cat, _) in self.table.items() if cat == LANGUAGE
        )
        self._max_words = max((k.count(" ") + 1 for k in self.table), default=1)
        self._prefixes = frozenset(
            k for k, (cat, amb) in self.table.items()
            if self.lang == "de" and not amb and cat != CITY and len(k) >= 5 and " " not in k
        )

    # ------------------------------------------------------------------------------ lookup
    def _lookup(self, key: str, surface: str) -> tuple[str, bool] | None:
        entry = self.table.get(key)
        if entry is None:
            return None
        category, _ = entry
        if category == CITY and not _capitalised(surface):
            return None
        return entry

    def _geographic(self, text: str, start: int, end: int, surface: str, key: str) -> bool:
        """Whether an ambiguous capitalised word at ``text[start:end]`` names a place/origin."""
        if not _sentence_initial(text, start):
            return True
        rest = text[end:]
        nxt = _WORD.match(rest.lstrip())
        if rest.startswith(("'s", "’s")) or (nxt and nxt.group(0).lower() in _COUNTRY_CONTEXT):
            return True
        if _IS_A_PLACE.match(rest):
            return True
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if m.start() != start and not _sentence_initial(text, m.start()):
                return True
        return False

    def _compound(self, text: str, end: int) -> bool:
        nxt = _WORD.match(text[end:].lstrip())
        return bool(nxt) and nxt.group(0).lower() in COMPOUND_NOUNS  # type: ignore[union-attr]

    def _mask_word(self, word: str) -> tuple[str, list[tuple[str, str]]] | None:
        """Masks inside one token: hyphen parts, possessive, German compound prefix."""
        base, suffix = word, ""
        for poss in ("'s", "’s"):
            if word.endswith(poss) and len(word) > 2:
                base, suffix = word[: -len(poss)], poss
        entry = self._lookup(base.lower(), base)
        if entry is not None and not entry[1]:
            return entry[0] + suffix, [(entry[0], base)]
        if "-" in base:
            parts = base.split("-")
            out, hits = [], []
            for part in parts:
                sub = self._mask_word(part)
                if sub is None:
                    out.append(part)
                else:
                    out.append(sub[0])
                    hits.extend(sub[1])
            if hits:
                return "-".join(out) + suffix, hits
        if self._prefixes:
            low = base.lower()
            for cut in range(len(low) - 4, 4, -1):  # longest prefix first
                if low[:cut] in self._prefixes:
                    category = self.table[low[:cut]][0]
                    return category + base[cut:] + suffix, [(category, base[:cut])]
        return None

    # ------------------------------------------------------------------------------- mask
    def mask(self, text: str) -> MaskResult:
        """Mask ``text``; see the module docstring for the rules."""
        words = list(_WORD.finditer(text))
        out: list[str] = []
        result = MaskResult(text)
        pos = 0
        i = 0
        cue = _ORIGIN_CUES[self.lang] if self.origin_cues else None
        while i < len(words):
            m = words[i]
            replacement: str | None = None
            consumed = 1
            # Longest multiword name first ("Saudi Arabia", "Vereinigte Staaten").
            for n in range(min(self._max_words, len(words) - i), 1, -1):
                span = words[i : i + n]
                if any(text[a.end() : b.start()] not in (" ", "\u00a0") for a, b in itertools.pairwise(span)):
                    continue
                surface = text[m.start() : span[-1].end()]
                entry = self._lookup(surface.lower(), surface)
                if entry is not None and _capitalised(surface):
                    replacement, consumed = entry[0], n
                    result.replaced.append((entry[0], surface))
                    break
            if replacement is None:
                word = m.group(0)
                entry = self._lookup(word.lower(), word)
                if entry is not None and entry[1]:
                    if (
                        _capitalised(word)
                        and not self._compound(text, m.end())
                        and self._geographic(text, m.start(), m.end(), word, word.lower())
                    ):
                        replacement = entry[0]
                        result.replaced.append((entry[0], word))
                elif (
                    entry is not None
                    or word.lower() in self.table
                    or "-" in word
                    or "'" in word
                    or "’" in word
                    or self.lang == "de"
                ) and (not self._compound(text, m.end()) or entry is None):
                    masked = self._mask_word(word)
                    if masked is not None:
                        replacement = masked[0]
                        result.replaced.extend(masked[1])
                if (
                    replacement is None
                    and cue is not None
                    and _capitalised(word)
                    and word.lower() not in _NOT_PLACES
                    and cue.search(text[max(0, m.start() - 40) : m.start()])
                ):
                    replacement = CITY
                    result.replaced.append((CITY, word))
                    # A multiword place name: swallow following capitalised words.
                    while (
                        i + consumed < len(words)
                        and text[words[i + consumed - 1].end() : words[i + consumed].start()] == " "
                        and _capitalised(words[i + consumed].group(0))
                        and words[i + consumed].group(0).lower() not in _NOT_PLACES
                        and not (self.lang == "de" and consumed >= 2)
                    ):
                        consumed += 1
            if replacement is not None and replacement != LANGUAGE and i > 0:
                prev = words[i - 1].group(0).lower()
                if prev in _LANGUAGE_CUES and m.group(0).lower() in self._languages:
                    replacement = LANGUAGE
                    result.replaced[-1] = (LANGUAGE, result.replaced[-1][1])
            if replacement is not None:
                out.append(text[pos : m.start()])
                out.append(replacement)
                pos = words[i + consumed - 1].end()
            i += consumed
        out.append(text[pos:])
        result.text = "".join(out)
        result.counts = Counter(category for category, _ in result.replaced)
        return result


def mask_text(text: str, lang: str) -> str:
    """``text`` with give-aways replaced by category placeholders (see :class:`Masker`)."""
    return _masker(lang).mask(text).text


_MASKERS: dict[str, Masker] = {}


def _masker(lang: str) -> Masker:
    key = "de" if lang.lower().startswith("de") else "en"
    if key not in _MASKERS:
        _MASKERS[key] = Masker(key)
    return _MASKERS[key]
