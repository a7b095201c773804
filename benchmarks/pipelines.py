"""Benchmark the shipped spaCy pipelines (and the official en_core_web_sm, if installed).

Each pipeline is scored on the held-out part it never saw in training (rebuilt with the split of
``scripts/train_pipelines.py``): UPOS, FEATS, UAS, LAS, sentence F on raw text (the pipeline's
own tokenizer aligned to gold), lemma accuracy on gold tokens for the pipeline vs simplemma vs
HanTa (German), and throughput through ``interlang.text.parse_many``.

    python benchmarks/pipelines.py [--data-dir DIR] [--langs en de el] [--out FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from interlang.settings import data_dir  # noqa: E402


def _train_module() -> ModuleType:
    """The training script, for its split and evaluation code (one definition of the split)."""
    spec = importlib.util.spec_from_file_location(
        "train_pipelines", REPO / "scripts" / "train_pipelines.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_pipelines"] = module
    spec.loader.exec_module(module)
    return module


def heldout(tp: ModuleType, lang: str, ud: Path, work: Path) -> Path:
    """Converted held-out set of ``lang`` (.spacy)."""
    plan = tp.make_plan(lang, include_nc=False)
    parts = tp.split_data(plan, ud)
    return Path(tp.convert(parts["test"], f"{lang}-heldout", work))


def throughput(texts: list[str], n_sentences: int, parse_all: Any) -> float:
    t0 = time.perf_counter()
    for _ in parse_all(texts):
        pass
    return round(n_sentences / (time.perf_counter() - t0), 1)


def bench_shipped(tp: ModuleType, lang: str, ud: Path, work: Path) -> dict[str, Any]:
    from spacy.tokens import DocBin

    from interlang.text import parse_many
    from interlang.text.pipelines import pipeline_path

    path = pipeline_path(lang)
    if path is None:
        return {"error": "no shipped pipeline"}
    test = heldout(tp, lang, ud, work)
    scores: dict[str, Any] = tp.evaluate(path, test, lang)
    import spacy

    gold = list(DocBin().from_disk(test).get_docs(spacy.blank(lang).vocab))
    texts = [d.text for d in gold]
    list(parse_many(texts[:5], lang))  # load once before timing
    scores["sentences_per_s"] = throughput(
        texts, scores["n_sentences"], lambda ts: parse_many(ts, lang, batch_size=64)
    )
    scores["size_mb"] = round(
        sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 2
    )
    return scores


def bench_en_sm(tp: ModuleType, ud: Path, work: Path) -> dict[str, Any] | None:
    """The official model on EWT test, its trees converted to UD as the backend does."""
    from spacy.pipeline.dep_parser import parser_score
    from spacy.scorer import Scorer
    from spacy.tokens import DocBin
    from spacy.training import Example

    from interlang.errors import ModelError
    from interlang.text import parse_many
    from interlang.text import spacy_backend as sb

    try:
        nlp = sb._load_en_core_web_sm()
    except ModelError:
        return None
    test = heldout(tp, "en", ud, work)
    gold = list(DocBin().from_disk(test).get_docs(nlp.vocab))
    examples = []
    for ref in gold:
        pred = nlp(ref.text)
        # The backend's conversion: re-head per sentence the UD way, then rename the labels.
        for sent in pred.sents:
            toks = list(sent)
            heads = [t.head.i - sent.start for t in toks]
            deps = [t.dep_ for t in toks]
            sb.clearnlp_to_ud_heads(heads, deps, toks)
            for tok, head, dep in zip(toks, heads, deps, strict=True):
                tok.head = pred[head + sent.start]
                tok.dep_ = sb.CLEARNLP_TO_UD.get(dep, dep)
        examples.append(Example(pred, ref))
    s = Scorer.score_token_attr(examples, "pos")
    d = parser_score(examples)
    texts = [r.text for r in gold]
    n_sent = sum(1 for r in gold for _ in r.sents)
    list(parse_many(texts[:5], "en", backend="spacy-en-sm"))
    return {
        "n_sentences": n_sent,
        "upos": round(float(s["pos_acc"]), 4),
        "uas": round(float(d["dep_uas"]), 4),
        "las": round(float(d["dep_las"]), 4),
        "sent_f": round(float(d["sents_f"]), 4),
        "note": "ClearNLP trees converted to UD by rules (adpositions, copula, labels); "
        "remaining scheme differences count as errors",
        "sentences_per_s": throughput(
            texts, n_sent, lambda ts: parse_many(ts, "en", backend="spacy-en-sm", batch_size=64)
        ),
    }


def table(results: dict[str, Any]) -> str:
    cols = ["upos", "feats", "uas", "las", "sent_f", "lemma_acc", "sentences_per_s"]
    lines = [
        "pipeline            "
        + "  ".join(f"{c:>9}" for c in cols)
        + "  lemma pipe/simplemma/both/hanta"
    ]
    for name, r in results.items():
        if not isinstance(r, dict) or "upos" not in r:
            continue
        lem = r.get("lemma_on_gold_tokens", {})
        lem_s = "/".join(
            f"{lem[k]:.4f}"
            for k in ("pipeline", "simplemma", "simplemma+pipeline", "hanta")
            if k in lem
        )
        vals = "  ".join(f"{r[c]:>9}" if c in r else f"{'-':>9}" for c in cols)
        lines.append(f"{name:<20}{vals}  {lem_s}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--langs", nargs="+", default=["en", "de", "el"])
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "pipelines.json"))
    ap.add_argument("--skip-official", action="store_true")
    args = ap.parse_args(argv)
    tp = _train_module()
    ud = data_dir(args.data_dir) / "ud"
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="interlang-bench-") as tmp:
        work = Path(tmp)
        for lang in args.langs:
            results[f"{lang}_interlang"] = bench_shipped(tp, lang, ud, work)
        if "en" in args.langs and not args.skip_official:
            official = bench_en_sm(tp, ud, work)
            if official is not None:
                results["en_core_web_sm"] = official
    import platform

    import spacy

    results["_environment"] = {
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    print(table(results))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
