"""A hand-made two-"L1" corpus: each L1 has its own spelling habit."""

from __future__ import annotations

TOPICS = ["school", "money", "travel", "family", "work", "music", "sport", "food"]


def spelling_corpus(n: int = 24) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        if i % 2:
            body = f"In my opinion the {topic} is very importent. I thinked about {topic} every day."
            labels.append("A")
        else:
            body = f"I think {topic} are most important thing. Me like {topic} much, yes."
            labels.append("B")
        texts.append(body + f" This is text {i} about {topic}.")
    return texts, labels


def l1_records(counts: dict[str, int]) -> list[object]:
    from interlang.corpora.record import Record

    texts, _ = spelling_corpus(sum(counts.values()))
    labels = [lab for lab, n in counts.items() for _ in range(n)]
    return [
        Record(id=f"r{i}", text=t + f" Extra words number {i} for the writer {lab}.", language="en", l1=lab, writer_id=f"w{i}")
        for i, (t, lab) in enumerate(zip(texts, labels, strict=True))
    ]
