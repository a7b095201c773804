"""The seed paper's NLI experiment in one call (what ``interlang experiment nli`` runs).

Cleaning (broken rows, duplicates, give-away masking) → L1s with too few texts dropped → one
train/test split by writer (EFCAMDAT's ``learner_id``; no writer is on both sides) → an n-gram
model → the NLI report: top-1/3/5, per-L1 scores, accuracy per CEFR level with the chi-square
test of correctness × level (the paper's Figure 4 question), and family-ordered confusion
matrices (overall and per level) as PNGs.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["NLIExperiment", "nli_experiment"]


@dataclass
class NLIExperiment:
    """Everything the experiment produced; :meth:`to_json` is what ``report.json`` holds."""

    corpus: str
    model: str
    report: Any
    extras: dict[str, Any]
    sizes: dict[str, int]
    cleaning: dict[str, Any]
    dropped: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = self.report.to_json()
        out.update(self.extras)
        out.update({
            "corpus": self.corpus, "model": self.model, "split": "grouped by writer (train/test)",
            "sizes": dict(self.sizes), "cleaning": dict(self.cleaning), "dropped_l1s": dict(self.dropped),
            "timings_s": dict(self.timings),
        })
        return out

    def summary_lines(self) -> list[str]:
        r = self.report
        lines = [
            f"NLI on {self.corpus}: model {self.model}, {self.sizes['train']} train / {self.sizes['test']} test texts "
            f"({self.sizes['train_writers']} / {self.sizes['test_writers']} writers, none shared), {len(r.labels)} L1s",
            f"top-1 {r.top_k[1]:.3f} · top-3 {r.top_k[3]:.3f} · top-5 {r.top_k[5]:.3f} · macro-F1 {r.macro_f1:.3f}",
        ]
        per_cefr = self.extras.get("accuracy_per_cefr") or {}
        if per_cefr:
            lines.append("accuracy per CEFR level: " + ", ".join(
                f"{level} {v['accuracy']:.3f} (n={v['n']})" for level, v in sorted(per_cefr.items())
            ))
        test = self.extras.get("cefr_chi_square")
        if per_cefr and not test:
            lines.append("chi-square test of independence (correct × CEFR level): not defined here "
                         "(a single level, or every test text right or every one wrong)")
        if test:
            lines.append(
                f"chi-square test of independence (correct × CEFR level): chi2 {test['statistic']:.3f}, "
                f"dof {test['dof']}, p {test['p_value']:.4g}, Cramér's V {test['cramers_v']:.3f}, n {test['n']}"
                + (" (some expected counts < 5)" if test.get("low_expected") else "")
            )
        return lines


def nli_experiment(
    corpus: str | Path = "efcamdat",
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    model: str = "plain-svm",
    min_texts: int = 20,
    test_size: float = 0.2,
    balance: str | None = "downsample",
    max_features: int | None = None,
    seed: int = 13,
) -> NLIExperiment:
    """Run the experiment; with ``out_dir`` write ``report.json``, ``report.md`` and the PNGs.

    ``balance="downsample"`` (the paper's choice) trains on every L1 cut to the size of the
    smallest; ``"weights"`` uses class weights instead; ``None`` neither. The test part is
    never down-sampled.
    """
    from interlang.corpora import read_corpus
    from interlang.corpora.clean import clean_records
    from interlang.errors import InputError
    from interlang.evaluation.nli import nli_report
    from interlang.evaluation.splits import train_dev_test_split
    from interlang.labels import LabelSet
    from interlang.models.ngram import make_model
    from interlang.tasks.l1_training import drop_rare

    if not 0.0 < test_size < 1.0:
        raise InputError(f"test size must be between 0 and 1, not {test_size}")
    timings: dict[str, float] = {}
    start = time.perf_counter()
    records, read_report = read_corpus(corpus, data_dir=data_dir)
    records, cleaning = clean_records(records)
    timings["read_and_clean"] = time.perf_counter() - start
    records, dropped = drop_rare(records, min_texts)
    if len({r.l1 for r in records}) < 2:
        raise InputError(
            f"{read_report.corpus}: fewer than two L1s with at least {min_texts} texts after cleaning "
            f"(dropped: {dropped or 'none'}); lower --min-texts"
        )
    y = [str(r.l1) for r in records]
    writers = [r.writer_id or r.id for r in records]
    split = train_dev_test_split(y, sizes=(1.0 - test_size, 0.0, test_size), groups=writers, seed=seed)
    train, test = split.train, split.test
    if not len(test) or len(set(np.asarray(y, dtype=object)[train])) < 2:
        raise InputError(f"{read_report.corpus}: too few writers to split into train and test")
    lang = records[0].language
    params: dict[str, Any] = {"balance": balance, "seed": seed}
    if max_features is not None:
        params["max_features"] = max_features
    estimator = make_model(model, lang, clean=False, **params)
    start = time.perf_counter()
    estimator.fit([records[i].text for i in train], [y[i] for i in train])
    timings["train"] = time.perf_counter() - start
    labels = LabelSet.nominal([str(c) for c in estimator.classes_])
    start = time.perf_counter()
    raw = estimator.predict_proba([records[i].text for i in test])
    timings["predict"] = time.perf_counter() - start
    proba = np.zeros((len(test), len(labels)))
    proba[:, [labels.index(str(c)) for c in estimator.classes_]] = raw
    cefr = [records[i].cefr or "unknown" for i in test]
    has_cefr = any(records[i].cefr for i in test)
    out = Path(out_dir) if out_dir is not None else None
    report, extras = nli_report(
        [y[i] for i in test], proba, labels, cefr=cefr if has_cefr else None, out_dir=out,
        title=f"NLI {read_report.corpus} ({model})",
    )
    result = NLIExperiment(
        corpus=read_report.corpus, model=model, report=report, extras=extras,
        sizes={
            "train": len(train), "test": len(test),
            "train_writers": len({writers[i] for i in train}), "test_writers": len({writers[i] for i in test}),
        },
        cleaning=cleaning.to_json(), dropped=dropped, timings=timings,
    )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (out / "report.md").write_text("\n\n".join(result.summary_lines()) + "\n\n" + report.to_markdown() + "\n", encoding="utf-8")
        result.files = [str(out / "report.json"), str(out / "report.md"), *extras.get("figures", [])]
    return result
