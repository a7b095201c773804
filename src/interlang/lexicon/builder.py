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

Modules: :mod:`.schema` (levels, source priority, lookup key), :mod:`.seeds` (graded lists),
:mod:`.frequency` (wordfreq bands); this one merges them and writes the files.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from interlang.lexicon.frequency import BANDS, RANK_CAP, frequency_level, rank_lemmas
from interlang.lexicon.schema import LEVELS, PACKAGE_DATA, SOURCE_PRIORITY, key
from interlang.lexicon.seeds import SEEDS, SOURCES, Seed, read_seeds
from interlang.settings import data_dir as _data_dir
from interlang.text.languages import get_language

__all__ = [
    "BANDS",
    "LEVELS",
    "PACKAGE_DATA",
    "RANK_CAP",
    "SEEDS",
    "SOURCES",
    "SOURCE_PRIORITY",
    "BuildInfo",
    "Row",
    "build",
    "frequency_level",
    "key",
    "merge",
    "rank_lemmas",
    "read_seeds",
    "write_tsv",
]


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
class Row:
    """One line of a lexicon TSV."""

    lemma: str
    upos: str
    level: str
    source: str
    rank: int | None
    alt: str = ""


def merge(seeds: Iterable[Seed], ranked: list[tuple[str, float]]) -> list[Row]:
    """Seed rows (one per lemma+POS, best source wins) plus frequency rows for unseeded lemmas."""
    rank_of = {key(lemma): i for i, (lemma, _) in enumerate(ranked, start=1)}
    by_entry: dict[tuple[str, str], list[Seed]] = defaultdict(list)
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
        name = get_language(code).name
        notes.append(f"no open {name} CEFR seed list in the shared data: levels come from frequency bands only")
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
