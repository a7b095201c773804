"""Graded seed lists: CEFR-J and Octanove (English), KELLY (English, Greek) → :class:`Seed` rows.

German has no open graded list in the shared data, so its lexicon rests on frequency bands alone.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interlang.lexicon.schema import LEVELS

__all__ = ["SEEDS", "SOURCES", "Seed", "greek_variants", "read_seeds"]

_CEFRJ_POS = {
    "adjective": "ADJ",
    "adverb": "ADV",
    "be-verb": "AUX",
    "do-verb": "AUX",
    "have-verb": "AUX",
    "modal auxiliary": "AUX",
    "conjunction": "CCONJ",
    "determiner": "DET",
    "interjection": "INTJ",
    "noun": "NOUN",
    "number": "NUM",
    "preposition": "ADP",
    "pronoun": "PRON",
    "verb": "VERB",
    "vern": "VERB",  # typo in the Octanove list
    "infinitive-to": "PART",
}
_KELLY_EN_POS = {
    "noun": "NOUN",
    "verb": "VERB",
    "adjective": "ADJ",
    "adverb": "ADV",
    "preposition": "ADP",
    "pronoun": "PRON",
    "number": "NUM",
    "determiner": "DET",
    "conjunction": "CCONJ",
    "exclamation": "INTJ",
    "modal verb": "AUX",
    "abbreviation": "X",
}
_KELLY_EL_POS = {
    "ουσιαστικό": "NOUN",
    "ρήμα": "VERB",
    "επίθετο": "ADJ",
    "επίρρημα": "ADV",
    "αριθμητικό": "NUM",
    "αντωνυμία": "PRON",
    "σύνδεσμος": "CCONJ",
    "πρόθεση": "ADP",
    "μετοχή": "VERB",  # participles are VERB with VerbForm=Part in UD Greek
    "επιφώνημα": "INTJ",
    "μόριο": "PART",
    "άρθρο": "DET",
    "συντομογραφία": "X",
}

SOURCES: dict[str, dict[str, str]] = {
    "cefrj": {
        "path": "aux-wordlists/cefrj/cefrj-vocabulary-profile-1.5.csv",
        "name": "CEFR-J Vocabulary Profile 1.5",
        "licence": "free for research and commercial use with citation; copyright Tono Laboratory, TUFS",
        "attribution": "The CEFR-J Wordlist Version 1.5. Compiled by Yukio Tono, Tokyo University of Foreign Studies (via openlanguageprofiles/olp-en-cefrj).",
    },
    "octanove": {
        "path": "aux-wordlists/cefrj/octanove-vocabulary-profile-c1c2-1.0.csv",
        "name": "Octanove Vocabulary Profile C1/C2 1.0",
        "licence": "CC BY-SA 4.0",
        "attribution": "Octanove Labs, Octanove Vocabulary Profile C1/C2 (via openlanguageprofiles/olp-en-cefrj).",
    },
    "kelly-en": {
        "path": "aux-wordlists/kelly/KELLY_EN.csv",
        "name": "KELLY English list (en_m3)",
        "licence": "Kelly Project terms: research and educational use",
        "attribution": "Kilgarriff et al. (2014), Corpus-based vocabulary lists for language learners for nine languages. LRE 48(2):121-163.",
    },
    "kelly-el": {
        "path": "aux-wordlists/kelly/KELLY_EL.csv",
        "name": "KELLY Greek list (KELLY_EL)",
        "licence": "Kelly Project terms: research and educational use",
        "attribution": "Kilgarriff et al. (2014), Corpus-based vocabulary lists for language learners for nine languages. LRE 48(2):121-163.",
    },
}

#: Seed sources per language, in priority order.
SEEDS: dict[str, tuple[str, ...]] = {
    "en": ("cefrj", "octanove", "kelly-en"), "el": ("kelly-el",), "de": (), "it": (), "cs": (),
}


@dataclass
class Seed:
    """One graded entry of a seed list: lemma, UD UPOS (may be empty), level and source."""

    lemma: str
    upos: str
    level: str
    source: str


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _clean_level(raw: str) -> str | None:
    level = raw.strip().strip("“”\"'").upper()
    return level if level in LEVELS else None


def _cefrj(path: Path, source: str) -> Iterator[Seed]:
    for row in _read_csv(path):
        level = _clean_level(row.get("CEFR", ""))
        if level is None:
            continue
        upos = _CEFRJ_POS.get(row.get("pos", "").strip().lower(), "")
        for variant in row["headword"].split("/"):
            variant = variant.strip()
            if variant:
                yield Seed(variant, upos, level, source)


def _kelly_en(path: Path) -> Iterator[Seed]:
    for row in _read_csv(path):
        level = _clean_level(row.get("CEFR", ""))
        word = row.get("Word", "").strip()
        if level is None or not word:
            continue
        upos = _KELLY_EN_POS.get(row.get("Part of Speech", "").strip().lower(), "")
        yield Seed(word, upos, level, "kelly")


def _kelly_el(path: Path) -> Iterator[Seed]:
    for row in _read_csv(path):
        level = _clean_level(row.get("CEF level", ""))
        raw = row.get("Λήμμα (Lemma)", "").strip()
        if level is None or not raw:
            continue
        unrated = level == "C2" and float(row.get("Συχνότητα (Frequency)") or 0) == 0
        pos_raw = row.get("Μέρος του Λόγου (Part of speech)", "").strip().lower()
        first_pos = re.split(r"[,(]", pos_raw)[0].strip()
        upos = _KELLY_EL_POS.get(first_pos.replace("συντομογραφία/σύντμηση", "συντομογραφία"), "")
        for variant in greek_variants(raw):
            yield Seed(variant, upos, level, "kelly-unrated" if unrated else "kelly")


def greek_variants(raw: str) -> list[str]:
    """``αβγό, αυγό`` → both; ``αστυνομικός,-ή,-ό`` → the lemma; multiword kept whole."""
    parts = [p.strip() for p in raw.split(",")]
    if " " in parts[0]:
        return [parts[0]]
    return [p.rstrip("!.") for p in parts if p and not p.startswith("-") and " " not in p]


def read_seeds(lang: str, root: Path) -> list[Seed]:
    """Every seed entry of ``lang`` (empty for German: no open graded list is available)."""
    seeds: list[Seed] = []
    for name in SEEDS[lang]:
        path = root / SOURCES[name]["path"]
        if name in ("cefrj", "octanove"):
            seeds.extend(_cefrj(path, name))
        elif name == "kelly-en":
            seeds.extend(_kelly_en(path))
        elif name == "kelly-el":
            seeds.extend(_kelly_el(path))
    return seeds
