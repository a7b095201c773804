"""Train interlang's own small spaCy pipelines (en, de, el) from the UD treebanks.

One run per language does: read gzip CoNLL-U → split (train / dev for model selection /
held-out evaluation) → ``spacy convert`` (10 sentences per doc, multi-word tokens merged into
their surface form) → ``spacy train`` with ``configs/spacy/<lang>.cfg`` → evaluate model-best on
the held-out part (UPOS, FEATS, UAS, LAS, sentence F, lemma accuracy of the pipeline vs simplemma
vs both vs HanTa) → package into ``src/interlang/text/trained/<lang>_interlang/`` with the provenance in
``meta.json`` (custom field ``interlang``).

    python scripts/train_pipelines.py --lang de [--data-dir DIR] [--include-nc] [--max-steps N]

Training runs once by hand, not in CI.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from interlang.settings import DEFAULT_SEED, data_dir  # noqa: E402

TRAINED = REPO / "src" / "interlang" / "text" / "trained"
CONFIGS = REPO / "configs" / "spacy"

#: Share of a hashed split held out for evaluation / used for model selection (de, el-train).
HELDOUT_PCT = 15
DEV_PCT = 10


@dataclass(frozen=True)
class Source:
    """One treebank file and the licence it is released under."""

    treebank: str
    file: str
    licence: str
    non_commercial: bool = False


@dataclass
class Plan:
    """Which files feed train / dev / held-out evaluation for one language."""

    lang: str
    train: list[Source] = field(default_factory=list)
    dev: list[Source] = field(default_factory=list)
    test: list[Source] = field(default_factory=list)
    #: Sources split by hashed sentence id into train / dev / held-out.
    split3: list[Source] = field(default_factory=list)
    #: Sources split by hashed sentence id into train / dev (test comes from ``test``).
    split2: list[Source] = field(default_factory=list)
    split_description: str = ""


def make_plan(lang: str, include_nc: bool) -> Plan:
    """The documented data plan per language (licences as in each PROVENANCE.md)."""
    if lang == "en":
        ewt = "UD_English-EWT"
        return Plan(
            lang="en",
            train=[Source(ewt, "en_ewt-ud-train.conllu.gz", "CC BY-SA 4.0")],
            dev=[Source(ewt, "en_ewt-ud-dev.conllu.gz", "CC BY-SA 4.0")],
            test=[Source(ewt, "en_ewt-ud-test.conllu.gz", "CC BY-SA 4.0")],
            split_description="official EWT split: train for training, dev for model selection, test held out",
        )
    if lang == "de":
        return Plan(
            lang="de",
            split3=[
                Source("UD_German-GSD", "de_gsd-ud-dev.conllu.gz", "CC BY-SA 4.0"),
                Source("UD_German-GSD", "de_gsd-ud-test.conllu.gz", "CC BY-SA 4.0"),
                Source("UD_German-PUD", "de_pud-ud-test.conllu.gz", "CC BY-SA 3.0"),
            ],
            split_description=(
                f"GSD dev+test and PUD pooled; each sentence goes by sha1('{DEFAULT_SEED}:'+file+':'+sent_id) % 100: "
                f"< {HELDOUT_PCT} held-out evaluation (never trained on), < {HELDOUT_PCT + DEV_PCT} dev (model selection), "
                "else train"
            ),
        )
    if lang == "el":
        plan = Plan(
            lang="el",
            split2=[Source("UD_Greek-GUD", "el_gud-ud-train.conllu.gz", "CC BY-SA 4.0")],
            test=[Source("UD_Greek-GUD", "el_gud-ud-test.conllu.gz", "CC BY-SA 4.0")],
            split_description=(
                f"GUD train split by sha1('{DEFAULT_SEED}:'+file+':'+sent_id) % 100 < {DEV_PCT} into dev (model selection), "
                "rest train; GUD test held out"
            ),
        )
        if include_nc:
            gdt = "UD_Greek-GDT"
            plan.train.append(Source(gdt, "el_gdt-ud-train.conllu.gz", "CC BY-NC-SA 3.0", True))
            plan.dev.append(Source(gdt, "el_gdt-ud-dev.conllu.gz", "CC BY-NC-SA 3.0", True))
            plan.split_description += "; plus GDT train (train) and GDT dev (dev), non-commercial"
        return plan
    raise SystemExit(f"unknown language {lang!r}")


def read_blocks(path: Path) -> list[str]:
    """CoNLL-U sentence blocks (comments included) of a gzip file."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    return [b.strip("\n") for b in text.split("\n\n") if b.strip()]


def sent_id(block: str, fallback: int) -> str:
    for line in block.splitlines():
        if line.startswith("# sent_id"):
            return line.split("=", 1)[1].strip()
    return str(fallback)


def bucket(file: str, sid: str) -> int:
    """Stable 0..99 bucket of a sentence: the split never depends on file order or Python's hash."""
    digest = hashlib.sha1(f"{DEFAULT_SEED}:{file}:{sid}".encode()).hexdigest()
    return int(digest, 16) % 100


def clean_block(block: str) -> str:
    """Drop empty nodes (ids with '.') which spaCy's converter skips anyway."""
    lines = [
        ln for ln in block.splitlines() if ln.startswith("#") or "." not in ln.split("\t", 1)[0]
    ]
    return "\n".join(lines)


def sha256_of_gunzipped(path: Path) -> str:
    with gzip.open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def split_data(plan: Plan, ud: Path) -> dict[str, list[str]]:
    parts: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    for name in ("train", "dev", "test"):
        for src in getattr(plan, name):
            parts[name].extend(clean_block(b) for b in read_blocks(ud / src.treebank / src.file))
    for src in plan.split3:
        for n, b in enumerate(read_blocks(ud / src.treebank / src.file)):
            k = bucket(src.file, sent_id(b, n))
            parts[
                "test" if k < HELDOUT_PCT else "dev" if k < HELDOUT_PCT + DEV_PCT else "train"
            ].append(clean_block(b))
    for src in plan.split2:
        for n, b in enumerate(read_blocks(ud / src.treebank / src.file)):
            k = bucket(src.file, sent_id(b, n))
            parts["dev" if k < DEV_PCT else "train"].append(clean_block(b))
    return parts


def convert(blocks: list[str], name: str, work: Path) -> Path:
    """Write CoNLL-U and run ``spacy convert`` (-n 10, -T merges multi-word tokens)."""
    conllu = work / f"{name}.conllu"
    conllu.write_text("\n\n".join(blocks) + "\n\n", encoding="utf-8")
    out = work / "spacy"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "convert",
            str(conllu),
            str(out),
            "-c",
            "conllu",
            "-n",
            "10",
            "-T",
        ],
        check=True,
    )
    return out / f"{name}.spacy"


# ---------------------------------------------------------------- evaluation


def _hanta() -> Any | None:
    try:
        from HanTa import HanoverTagger

        return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    except Exception:  # HanTa missing or model not found: the comparison is skipped
        return None


#: Lemma strategies the spaCy backend implements (HanTa is measured for comparison only).
LEMMA_STRATEGIES = ("pipeline", "simplemma", "simplemma+pipeline")


def lemma_comparison(nlp: Any, gold_docs: list[Any], lang: str) -> dict[str, Any]:
    """Lemma accuracy on gold tokens: pipeline, simplemma, both, and (German) HanTa.

    ``simplemma+pipeline`` takes simplemma's lemma for words in its dictionary and the trained
    edit-tree lemma otherwise. Tokens whose gold lemma has a space (merged multi-word tokens
    such as ``zum`` → ``zu der``) are left out: no lemmatizer can produce those by design.
    """
    import simplemma
    from spacy.tokens import Doc

    hanta = _hanta() if lang == "de" else None
    names = [*LEMMA_STRATEGIES, *(("hanta",) if hanta is not None else ())]
    counts = {name: 0 for name in names}
    counts_ci = {name: 0 for name in names}
    total = 0
    for gold in gold_docs:
        words = [t.text for t in gold]
        pred = nlp(Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in gold]))
        hanta_lemmas: list[str] = []
        if hanta is not None:
            for sent in gold.sents:
                hanta_lemmas.extend(lem for _w, lem, _t in hanta.tag_sent([t.text for t in sent]))
        for i, g in enumerate(gold):
            if " " in g.lemma_ or not g.lemma_:
                continue
            total += 1
            gl = g.lemma_
            simple = simplemma.lemmatize(g.text, lang=lang)
            cand = {
                "pipeline": pred[i].lemma_,
                "simplemma": simple,
                "simplemma+pipeline": simple
                if simplemma.is_known(g.text, lang=lang)
                else pred[i].lemma_,
            }
            if hanta is not None:
                cand["hanta"] = hanta_lemmas[i]
            for key, val in cand.items():
                counts[key] += int(val == gl)
                counts_ci[key] += int(val.lower() == gl.lower())
    result: dict[str, Any] = {"n_tokens": total}
    for key in names:
        result[key] = round(counts[key] / total, 4)
        result[key + "_ci"] = round(counts_ci[key] / total, 4)
    return result


def evaluate(model: Path, test_path: Path, lang: str) -> dict[str, Any]:
    """Raw-text evaluation (the pipeline's own tokenizer, aligned to gold) plus lemma comparison."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    nlp = spacy.load(model)
    gold_docs = list(DocBin().from_disk(test_path).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(d.text), d) for d in gold_docs]
    scores = nlp.evaluate(examples)
    lemmas = lemma_comparison(nlp, gold_docs, lang)
    return {
        "n_sentences": sum(1 for d in gold_docs for _ in d.sents),
        "n_tokens": sum(len(d) for d in gold_docs),
        "token_acc": round(float(scores["token_acc"]), 4),
        "upos": round(float(scores["pos_acc"]), 4),
        "feats": round(float(scores["morph_acc"]), 4),
        "uas": round(float(scores["dep_uas"]), 4),
        "las": round(float(scores["dep_las"]), 4),
        "sent_f": round(float(scores["sents_f"]), 4),
        "lemma_acc": round(float(scores["lemma_acc"]), 4),
        "lemma_on_gold_tokens": lemmas,
    }


# ---------------------------------------------------------------- packaging


def package(model: Path, lang: str, meta_extra: dict[str, Any]) -> Path:
    """Save model-best as a clean ``nlp.to_disk`` folder with provenance in meta.json."""
    import spacy

    nlp = spacy.load(model)
    # A non-commercial model never replaces the shipped folder the backend loads.
    suffix = "_nc" if meta_extra["non_commercial"] else ""
    dest = TRAINED / f"{lang}_interlang{suffix}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nlp.meta["name"] = "interlang"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = (
        f"interlang's small UD pipeline for {lang} (tok2vec CNN, morphologizer, parser, edit-tree lemmatizer)"
    )
    nlp.meta["license"] = " + ".join(sorted({s["licence"] for s in meta_extra["treebanks"]}))
    nlp.meta["interlang"] = meta_extra
    nlp.to_disk(dest)
    # The training paths are temporary folders: do not ship them in config.cfg.
    cfg = dest / "config.cfg"
    lines = [
        (ln.split("=")[0] + "= null") if ln.startswith(("train =", "dev =")) else ln
        for ln in cfg.read_text(encoding="utf-8").splitlines()
    ]
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _all_sources(plan: Plan) -> Iterable[Source]:
    yield from plan.train
    yield from plan.dev
    yield from plan.test
    yield from plan.split3
    yield from plan.split2


def run(args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    lang = args.lang
    ud = data_dir(args.data_dir) / "ud"
    plan = make_plan(lang, args.include_nc)
    parts = split_data(plan, ud)
    work = Path(args.work_dir or tempfile.mkdtemp(prefix=f"interlang-{lang}-"))
    work.mkdir(parents=True, exist_ok=True)
    paths = {name: convert(blocks, name, work) for name, blocks in parts.items()}
    counts = {
        name: {"sentences": len(b), "tokens": sum(_n_words(x) for x in b)}
        for name, b in parts.items()
    }
    print(json.dumps(counts), flush=True)
    out = work / "output"
    if not args.skip_train:
        cmd = [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(CONFIGS / f"{lang}.cfg"),
            "--output",
            str(out),
            "--paths.train",
            str(paths["train"]),
            "--paths.dev",
            str(paths["dev"]),
            "--system.seed",
            str(DEFAULT_SEED),
        ]
        if args.max_steps:
            cmd += ["--training.max_steps", str(args.max_steps)]
        subprocess.run(cmd, check=True)
    model = out / "model-best"
    scores = evaluate(model, paths["test"], lang)
    print(json.dumps(scores, indent=2), flush=True)
    choice = _lemma_choice(scores["lemma_on_gold_tokens"])
    sources = list(_all_sources(plan))
    non_commercial = any(s.non_commercial for s in sources)
    meta_extra: dict[str, Any] = {
        "treebanks": [
            {
                "treebank": s.treebank,
                "file": s.file.removesuffix(".gz"),
                "sha256": sha256_of_gunzipped(ud / s.treebank / s.file),
                "licence": s.licence,
                "non_commercial": s.non_commercial,
            }
            for s in sources
        ],
        "non_commercial": non_commercial,
        "heldout_split": plan.split_description,
        "split_counts": counts,
        "heldout_accuracy": scores,
        "lemmatizer_choice": choice,
        "lemma_acc_backend": scores["lemma_on_gold_tokens"][choice],
        "spacy_version": spacy.__version__,
        "trained": _dt.date.today().isoformat(),
        "seed": DEFAULT_SEED,
        "config": f"configs/spacy/{lang}.cfg",
        "multiword_tokens": "merged into their surface token (spacy convert -T); lemma of such tokens joins the parts with a space",
    }
    dest = package(model, lang, meta_extra)
    size = folder_size(dest)
    print(f"packaged {dest.relative_to(REPO)} ({size / 1e6:.2f} MB)", flush=True)
    return scores


def _lemma_choice(lem: dict[str, Any]) -> str:
    """The lemma strategy the backend should use: the best on the held-out gold tokens."""
    return max(LEMMA_STRATEGIES, key=lambda k: float(lem[k]))


def _n_words(block: str) -> int:
    return sum(
        1
        for ln in block.splitlines()
        if ln and not ln.startswith("#") and ln.split("\t", 1)[0].isdigit()
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--lang", required=True, choices=["en", "de", "el"])
    ap.add_argument(
        "--data-dir",
        default=None,
        help="public corpora folder (default: interlang.settings.data_dir())",
    )
    ap.add_argument(
        "--include-nc",
        action="store_true",
        help="el: add Greek-GDT (CC BY-NC-SA); the model is marked non-commercial and packaged "
        "as el_interlang_nc (not shipped, not loaded by the backend)",
    )
    ap.add_argument("--max-steps", type=int, default=0, help="override training.max_steps")
    ap.add_argument(
        "--work-dir", default=None, help="temporary folder (converted data, training output)"
    )
    ap.add_argument(
        "--skip-train",
        action="store_true",
        help="re-evaluate and package an existing work-dir/output",
    )
    run(ap.parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
