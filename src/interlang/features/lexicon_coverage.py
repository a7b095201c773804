"""Coverage and sanity checks of a built lexicon on learner corpora (``python -m interlang.features.lexicon_coverage``).

Reports the share of counted word tokens that get a level, and the mean share of A1+A2
tokens per CEFR level (it should fall as proficiency rises).
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from interlang.settings import data_dir


def _merlin(root: Path) -> list[tuple[str, str]]:
    out = []
    with (root / "merlin-de" / "merlin_de_index.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.append((row["learner_text"], row["overall_cefr"]))
    return out


def _icle(root: Path) -> list[tuple[str, str]]:
    folder = root / "icle500"
    labels: dict[str, str] = {}
    with (folder / "ICLE_rubric_rated_500.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            labels[row["filename"]] = row["CEFR_MFRM"].rstrip("+")
    out = []
    for path in sorted((folder / "Texts").glob("*.txt")):
        name = path.stem.split("_", 1)[-1]
        if name in labels:
            out.append((path.read_text(encoding="utf-8", errors="replace"), labels[name]))
    return out


def report(lang: str, texts: list[tuple[str, str]]) -> None:
    from interlang.features.vocabulary import counted_tokens
    from interlang.lexicon import Lexicon
    from interlang.lexicon.lookup import document_lexicon
    from interlang.text import parse

    lex = Lexicon.load(lang)
    n_tok = n_known = 0
    basic: dict[str, list[float]] = defaultdict(list)
    for text, level in texts:
        if not any(c.isalpha() for c in text):
            continue
        doc = parse(text, lang)
        toks = counted_tokens(doc, lex)
        entries = document_lexicon(doc, lex)
        levels = [entries.entry(t) for t in toks]
        known = [e for e in levels if e is not None]
        n_tok += len(toks)
        n_known += len(known)
        if toks:
            basic[level].append(100.0 * sum(1 for e in known if e.level in ("A1", "A2")) / len(toks))
    print(f"{lang}: {len(texts)} texts, {n_tok} counted tokens, coverage {100.0 * n_known / n_tok:.2f}%")
    for level in sorted(basic):
        vals = basic[level]
        print(f"  {level}: n={len(vals):4d}  mean A1+A2 % = {sum(vals) / len(vals):.2f}")


def main() -> None:
    root = data_dir()
    which = sys.argv[1:] or ["merlin-de", "icle500"]
    if "merlin-de" in which:
        report("de", _merlin(root))
    if "icle500" in which:
        report("en", _icle(root))


if __name__ == "__main__":
    main()
