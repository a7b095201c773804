from __future__ import annotations

from interlang.corpora.record import Record
from interlang.features.corpus import extract_features


def _records() -> list[Record]:
    texts = [
        "Ich wohne in Berlin. Die Stadt ist groß und schön.",
        "",  # no words: skipped with a reason, the batch goes on
        "Wir haben gestern einen langen Spaziergang gemacht, weil das Wetter gut war.",
        "Meine Schwester studiert Medizin an der Universität in Wien.",
        "...",
    ]
    return [Record(id=f"r{i}", text=t, language="de", cefr="A2", metadata={"split": "train"}) for i, t in enumerate(texts)]


def test_batch_skips_and_reports_bad_rows_serial() -> None:
    result = extract_features(_records(), n_jobs=1, progress=False)
    assert list(result.frame["id"]) == ["r0", "r2", "r3"]
    assert {s.source for s in result.skipped} == {"r1", "r4"}
    assert all("no words" in s.reason for s in result.skipped)
    assert (result.frame["basic_words"] > 0).all()
    assert set(result.frame["split"]) == {"train"}


def test_batch_parallel_equals_serial() -> None:
    records = _records() * 3
    records = [Record(id=f"{r.id}-{i}", text=r.text, language=r.language) for i, r in enumerate(records)]
    serial = extract_features(records, n_jobs=1, progress=False)
    parallel = extract_features(records, n_jobs=2, progress=False, chunksize=1)
    assert list(serial.frame["id"]) == list(parallel.frame["id"])
    cols = [c for c in serial.frame.columns if c not in {"id", "language", "cefr", "l1", "split"}]
    assert serial.frame[cols].fillna(-1).equals(parallel.frame[cols].fillna(-1))
    assert len(serial.skipped) == len(parallel.skipped) == 6
