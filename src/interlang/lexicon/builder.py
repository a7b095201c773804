"""Build the CEFR lexicons reproducibly: seed lists first, then wordfreq frequency bands.

Method (Section 3.3 of the CEFR paper, adapted to open resources):

1. **Seeds** where a graded list exists: English CEFR-J 1.5 (A1–B2) and Octanove (C1–C2), then
   KELLY-en; Greek KELLY-el. German has no open seed list in the shared data, so the German
   lexicon rests on frequency bands alone.
2. **Frequency expansion**: wordfreq word-form frequencies are aggregated per *lemma*
   (simplemma) before ranking, and lemma ranks are cut into the paper's bands
   (1–2k A1, 2k–5k A2, 5k–10k B1, 10k–20k B2, 20k–35k C1, beyond C2) up to :data:`RANK_CAP`.
3. Seed levels win over frequency levels; every disagreeing source is kept in the ``alt``
   column (``source:level`` pairs) so that nothing is silently thrown away.
"""

from __future__ import annotations

import csv
import datetime as _dt
import gzip
import hashlib
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from interlang.settings import data_dir as _data_dir
from interlang.text.languages import get_language

LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")

#: Upper rank bounds (inclusive) of the paper's frequency bands.
BANDS: tuple[tuple[int, str], ...] = (
    (2_000, "A1"),
    (5_000, "A2"),
    (10_000, "B1"),
    (20_000, "B2"),
    (35_000, "C1"),
)
#: Lemmas ranked beyond this are left out (C2 covers ranks 35,001 to the cap).
RANK_CAP = 60_000

#: Source priority when several seeds disagree: lower wins.
#: ``kelly-unrated``: KELLY-el rows marked C2 with zero corpus frequency (words carried over from
#: other languages' lists, not graded): a frequency level overrides them.
SOURCE_PRIORITY: dict[str, int] = {"cefrj": 0, "octanove": 0, "kelly": 1, "freq": 2, "kelly-unrated": 3}

PACKAGE_DATA = Path(__file__).resolve().parent / "data"

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
SEEDS: dict[str, tuple[str, ...]] = {"en": ("cefrj", "octanove", "kelly-en"), "el": ("kelly-el",), "de": ()}

_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass
class BuildInfo:
    """What a build produced and from what (also written as ``<lang>.build.json``)."""

    lang: str
    out_dir: str
    entries: int
    counts: dict[str, dict[str, int]]
    sources: list[dict[str, str]]
    wordfreq_version: str
    simplemma_version: str
    method: str
    date: str
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"lexicon {self.lang}: {self.entries} entries -> {self.out_dir}"]
        for source, per_level in self.counts.items():
            cells = " ".join(f"{lvl}={per_level.get(lvl, 0)}" for lvl in LEVELS)
            lines.append(f"  {source:<9} {cells}")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


@dataclass
class _Seed:
    lemma: str
    upos: str
    level: str
    source: str


def key(lemma: str) -> str:
    """Lookup key: lower-cased, trimmed (``lower`` rather than ``casefold`` keeps ß and final ς)."""
    return lemma.strip().lower().replace("’", "'")


def frequency_level(rank: int) -> str:
    """CEFR band of a 1-based lemma frequency rank."""
    for bound, level in BANDS:
        if rank <= bound:
            return level
    return "C2"


# ----------------------------------------------------------------------------- seeds


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _clean_level(raw: str) -> str | None:
    level = raw.strip().strip("“”\"'").upper()
    return level if level in LEVELS else None


def _cefrj(path: Path, source: str) -> Iterator[_Seed]:
    for row in _read_csv(path):
        level = _clean_level(row.get("CEFR", ""))
        if level is None:
            continue
        upos = _CEFRJ_POS.get(row.get("pos", "").strip().lower(), "")
        for variant in row["headword"].split("/"):
            variant = variant.strip()
            if variant:
                yield _Seed(variant, upos, level, source)


def _kelly_en(path: Path) -> Iterator[_Seed]:
    for row in _read_csv(path):
        level = _clean_level(row.get("CEFR", ""))
        word = row.get("Word", "").strip()
        if level is None or not word:
            continue
        upos = _KELLY_EN_POS.get(row.get("Part of Speech", "").strip().lower(), "")
        yield _Seed(word, upos, level, "kelly")


def _kelly_el(path: Path) -> Iterator[_Seed]:
    for row in _read_csv(path):
        level = _clean_level(row.get("CEF level", ""))
        raw = row.get("Λήμμα (Lemma)", "").strip()
        if level is None or not raw:
            continue
        unrated = level == "C2" and float(row.get("Συχνότητα (Frequency)") or 0) == 0
        pos_raw = row.get("Μέρος του Λόγου (Part of speech)", "").strip().lower()
        first_pos = re.split(r"[,(]", pos_raw)[0].strip()
        upos = _KELLY_EL_POS.get(first_pos.replace("συντομογραφία/σύντμηση", "συντομογραφία"), "")
        for variant in _greek_variants(raw):
            yield _Seed(variant, upos, level, "kelly-unrated" if unrated else "kelly")


def _greek_variants(raw: str) -> list[str]:
    """``αβγό, αυγό`` → both; ``αστυνομικός,-ή,-ό`` → the lemma; multiword kept whole."""
    parts = [p.strip() for p in raw.split(",")]
    if " " in parts[0]:
        return [parts[0]]
    return [p.rstrip("!.") for p in parts if p and not p.startswith("-") and " " not in p]


def read_seeds(lang: str, root: Path) -> list[_Seed]:
    """Every seed entry of ``lang`` (empty for German: no open graded list is available)."""
    seeds: list[_Seed] = []
    for name in SEEDS[lang]:
        path = root / SOURCES[name]["path"]
        if name in ("cefrj", "octanove"):
            seeds.extend(_cefrj(path, name))
        elif name == "kelly-en":
            seeds.extend(_kelly_en(path))
        elif name == "kelly-el":
            seeds.extend(_kelly_el(path))
    return seeds


# ----------------------------------------------------------------------------- frequency


def _lemma_candidates(word: str, lang: str) -> list[tuple[str, float]]:
    """Lemmas a lower-cased wordfreq form stands for, with the share of its frequency.

    wordfreq lower-cases everything, which hides German noun capitalisation: ``arbeit`` is
    lemmatised to *abarbeiten* but ``Arbeit`` to *Arbeit*. For German both spellings are
    lemmatised; where exactly one reading leaves the form unchanged (a base form) and the other
    does not, the form is ambiguous (``hat``: *haben*/*Hat*; ``sagen``: *sagen*/*Sage*) and
    the frequency is split evenly; otherwise the lower-case reading wins (``guten`` → *gut*).
    Two exceptions credit the noun: the verb reading is only an imperative (``haus`` →
    *hausen*, ``tag`` → *tagen*), or simplemma guessed a prefix (``arbeit`` → *abarbeiten*).
    """
    import simplemma

    lower = str(simplemma.lemmatize(word, lang=lang))
    if lang != "de":
        return [(lower, 1.0)]
    cap = str(simplemma.lemmatize(word[:1].upper() + word[1:], lang=lang))
    if "|" in cap or key(cap) == key(lower):
        return [(lower, 1.0)]
    lower_is_base = key(lower) == word
    cap_is_base = key(cap) == word
    if cap_is_base and not lower_is_base:
        lk = key(lower)
        if lk == word + "en" or lk == word + "n" or (word in lk and not lk.startswith(word)):
            return [(cap, 1.0)]
    if lower_is_base != cap_is_base:
        return [(lower, 0.5), (cap, 0.5)]
    return [(lower, 1.0)]


def _keep_form(word: str, lang: str) -> bool:
    if not _WORD_RE.fullmatch(word):
        return False
    if len(word) == 1:
        return (lang == "en" and word in {"a", "i"}) or lang == "el"
    return True


#: ``ss`` that stands for ß: after a diphthong or long ie, or in a common long-vowel stem.
_ESZETT_RE = re.compile(r"(?:ei|ai|au|äu|eu|ie)ss|(?:stra|gro|grö|fu|fü|spa|gru|grü|sü|blo|sto|stö|so|klo|klö|bu|bü|gemä|mä)ss")


def _restore_spelling(form: str, lang: str) -> str:
    """Undo wordfreq's case-folding where it breaks lemmatisation.

    Greek final sigma comes back as ς (``τησ`` → ``της``); a German ``ss`` becomes ``ß`` where
    standard spelling has ß (``strasse`` → ``straße``, ``weiss`` → ``weiß``) but not after a
    short vowel (``dass``, ``muss``, ``wasser`` stay).
    """
    if lang == "el":
        return re.sub(r"σ\b", "ς", form)
    if lang == "de" and "ss" in form:
        return _ESZETT_RE.sub(lambda m: m.group(0)[:-2] + "ß", form)
    return form


def rank_lemmas(lang: str, cap: int = RANK_CAP) -> list[tuple[str, float]]:
    """``(lemma, aggregated frequency)`` best first, ties broken by lemma for reproducibility."""
    import wordfreq

    code = get_language(lang).wordfreq_code
    freqs = wordfreq.get_frequency_dict(code, wordlist="best")
    total: dict[str, float] = defaultdict(float)
    display: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for form, freq in freqs.items():
        if not _keep_form(form, lang):
            continue
        word = _restore_spelling(form, lang)
        for lemma, share in _lemma_candidates(word, lang):
            k = key(lemma)
            if not k or "|" in k:
                continue
            total[k] += freq * share
            display[k][lemma] += freq * share
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
    # Show the best-attested spelling (German nouns capitalised when simplemma gives them so).
    return [(max(display[k].items(), key=lambda kv: (kv[1], kv[0]))[0], f) for k, f in ranked]


# ----------------------------------------------------------------------------- merge & write


@dataclass
class Row:
    lemma: str
    upos: str
    level: str
    source: str
    rank: int | None
    alt: str = ""


def merge(seeds: Iterable[_Seed], ranked: list[tuple[str, float]]) -> list[Row]:
    """Seed rows (one per lemma+POS, best source wins) plus frequency rows for unseeded lemmas."""
    rank_of = {key(lemma): i for i, (lemma, _) in enumerate(ranked, start=1)}
    by_entry: dict[tuple[str, str], list[_Seed]] = defaultdict(list)
    spelling: dict[tuple[str, str], str] = {}
    for s in seeds:
        entry_key = (key(s.lemma), s.upos)
        by_entry[entry_key].append(s)
        spelling.setdefault(entry_key, s.lemma.strip())
    rows: list[Row] = []
    seeded = set()
    for (k, upos), group in by_entry.items():
        seeded.add(k)
        rank = rank_of.get(k)
        cands = [(s.source, s.level) for s in group]
        if rank is not None:
            cands.append(("freq", frequency_level(rank)))
        cands.sort(key=lambda c: (SOURCE_PRIORITY[c[0]], LEVELS.index(c[1])))
        best_source, best_level = cands[0]
        others = {f"{src}:{lvl}" for src, lvl in cands[1:] if lvl != best_level}
        rows.append(Row(spelling[(k, upos)], upos, best_level, best_source, rank, " ".join(sorted(others))))
    for i, (lemma, _) in enumerate(ranked, start=1):
        if key(lemma) not in seeded:
            rows.append(Row(lemma, "", frequency_level(i), "freq", i))
    rows.sort(key=lambda r: (key(r.lemma), r.upos))
    return rows


def write_tsv(rows: list[Row], path: Path) -> None:
    """Gzip TSV with a fixed mtime so identical builds give identical bytes."""
    buf = io.StringIO()
    buf.write("lemma\tupos\tlevel\tsource\trank\talt\n")
    for r in rows:
        buf.write(f"{r.lemma}\t{r.upos}\t{r.level}\t{r.source}\t{'' if r.rank is None else r.rank}\t{r.alt}\n")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(
    lang: str,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    cap: int = RANK_CAP,
) -> BuildInfo:
    """Build ``<lang>.tsv.gz`` and ``<lang>.build.json`` (default: the package's data folder)."""
    import simplemma
    import wordfreq

    code = get_language(lang).code
    root = _data_dir(data_dir)
    out = Path(out_dir) if out_dir is not None else PACKAGE_DATA
    out.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    sources: list[dict[str, str]] = []
    for name in SEEDS[code]:
        path = root / SOURCES[name]["path"]
        if not path.is_file():
            raise FileNotFoundError(f"seed list {SOURCES[name]['path']} not found under {root}")
        meta = {k: v for k, v in SOURCES[name].items()}
        meta["sha256"] = _sha256(path)
        sources.append(meta)
    if not SEEDS[code]:
        notes.append("no open German CEFR seed list in the shared data: levels come from frequency bands only")
    wf_version = _version("wordfreq", wordfreq)
    sources.append(
        {
            "name": f"wordfreq {wf_version} ('best' list for {code})",
            "licence": "wordfreq data: CC BY-SA 4.0 (code Apache-2.0)",
            "attribution": "Robyn Speer, wordfreq (Zenodo 10.5281/zenodo.7199437)",
        }
    )
    seeds = read_seeds(code, root)
    ranked = rank_lemmas(code, cap)
    if len(ranked) < cap:
        notes.append(f"wordfreq yields only {len(ranked)} lemmas for {code} (cap {cap})")
    rows = merge(seeds, ranked)
    tsv = out / f"{code}.tsv.gz"
    write_tsv(rows, tsv)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LEVELS, 0))
    for r in rows:
        counts[r.source][r.level] += 1
        counts["total"][r.level] += 1
    info = BuildInfo(
        lang=code,
        out_dir=str(out),
        entries=len(rows),
        counts={k: dict(v) for k, v in counts.items()},
        sources=sources,
        wordfreq_version=wf_version,
        simplemma_version=_version("simplemma", simplemma),
        method=(
            "seed lists (priority cefrj/octanove > kelly) keyed by lower-cased lemma + UD UPOS; "
            "then wordfreq 'best' word-form frequencies aggregated per simplemma lemma, ranked, "
            f"bands A1<=2000<A2<=5000<B1<=10000<B2<=20000<C1<=35000<C2<={cap}; "
            "seed levels win, disagreeing levels kept in 'alt'"
        ),
        date=_dt.date.today().isoformat(),
        notes=notes,
    )
    payload = asdict(info)
    payload.pop("out_dir")
    payload["file"] = tsv.name
    payload["file_sha256"] = _sha256(tsv)
    (out / f"{code}.build.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return info


def _version(dist: str, module: object) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return str(getattr(module, "__version__", "unknown"))
