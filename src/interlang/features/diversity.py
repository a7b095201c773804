"""Lexical diversity measures that, unlike the plain type–token ratio, do not fall with length.

Learner texts differ a lot in length across CEFR levels, and TTR falls as texts grow, so TTR
partly measures length. The measures here correct for that:

* **MTLD** (McCarthy & Jarvis 2010): mean length of the stretches of text over which TTR stays
  above 0.72; the mean of a forward and a backward pass, with the left-over stretch counted as
  a partial factor ``(1 − TTR)/(1 − 0.72)``. Undefined when not even a partial factor exists
  (no repeated word at all); unreliable below roughly 100 words.
* **MATTR** (Covington & McFall 2010): mean TTR over every 50-word window; undefined for
  texts shorter than the window.
* **Root TTR** (Guiraud 1954): types / √tokens.
* **HD-D** (McCarthy & Jarvis 2007): expected TTR of a random 42-word sample, from the
  hypergeometric distribution; undefined for texts shorter than 42 words.

Tokens are the lower-cased words with a letter (numbers and punctuation excluded). The
``div_lemma_*`` variants use lemmas instead of word forms where the backend gives them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from interlang.features.base import Feature, Unavailable, Value, extractor, safe_div
from interlang.text.document import LEMMAS, Document

MTLD_THRESHOLD = 0.72
MATTR_WINDOW = 50
HDD_SAMPLE = 42


def _mtld_pass(tokens: Sequence[str], threshold: float) -> float:
    """Factors of one MTLD pass (full factors plus the partial one at the end)."""
    factors = 0.0
    types: set[str] = set()
    count = 0
    for tok in tokens:
        types.add(tok)
        count += 1
        if len(types) / count <= threshold:
            factors += 1
            types, count = set(), 0
    if count:
        factors += (1 - len(types) / count) / (1 - threshold)
    return factors


def mtld(tokens: Sequence[str], threshold: float = MTLD_THRESHOLD) -> Value:
    """Bidirectional MTLD: mean of the forward and backward ``len / factors``."""
    if not tokens:
        return Unavailable("no words")
    scores = []
    for seq in (tokens, tokens[::-1]):
        factors = _mtld_pass(seq, threshold)
        if factors == 0:
            return Unavailable("MTLD undefined: no word repeats, so no factor completes")
        scores.append(len(seq) / factors)
    return sum(scores) / 2


def mattr(tokens: Sequence[str], window: int = MATTR_WINDOW) -> Value:
    """Moving-average TTR over every window of ``window`` tokens."""
    n = len(tokens)
    if n < window:
        return Unavailable(f"text has {n} words, fewer than the {window}-word MATTR window")
    counts = Counter(tokens[:window])
    total = len(counts)
    for i in range(window, n):
        out, inc = tokens[i - window], tokens[i]
        counts[out] -= 1
        if counts[out] == 0:
            del counts[out]
        counts[inc] += 1
        total += len(counts)
    return total / ((n - window + 1) * window)


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def hdd(tokens: Sequence[str], sample: int = HDD_SAMPLE) -> Value:
    """HD-D: Σ over types of P(type occurs in a random ``sample``-token draw) / ``sample``."""
    n = len(tokens)
    if n < sample:
        return Unavailable(f"text has {n} words, fewer than the {sample}-word HD-D sample")
    log_all = _log_comb(n, sample)
    total = 0.0
    for freq in Counter(tokens).values():
        p_absent = 0.0 if n - freq < sample else math.exp(_log_comb(n - freq, sample) - log_all)
        total += (1 - p_absent) / sample
    return total


def _f(name: str, label: str, description: str, unit: str = "score") -> Feature:
    return Feature(name, "diversity", description, unit, label=label)


_FORM_FEATURES = [
    _f("div_mtld", "MTLD", "MTLD, bidirectional, threshold 0.72 (words per factor).", "words"),
    _f("div_mattr", "MATTR", "Moving-average type–token ratio, 50-word window.", "ratio"),
    _f("div_root_ttr", "Root TTR (Guiraud)", "Root TTR (Guiraud): types / √tokens."),
    _f("div_hdd", "HD-D", "HD-D: expected TTR of a random 42-word sample.", "ratio"),
]
_LEMMA_FEATURES = [
    _f("div_lemma_ttr", "Lemma type–token ratio", "Type–token ratio over lemmas.", "ratio"),
    _f("div_lemma_mtld", "Lemma MTLD", "MTLD over lemmas.", "words"),
    _f("div_lemma_mattr", "Lemma MATTR", "MATTR over lemmas, 50-word window.", "ratio"),
]


def _measures(tokens: Sequence[str]) -> tuple[Value, Value, Value, Value]:
    root: Value = (
        len(set(tokens)) / math.sqrt(len(tokens)) if tokens else Unavailable("no words")
    )
    return mtld(tokens), mattr(tokens), root, hdd(tokens)


@extractor("diversity", _FORM_FEATURES + _LEMMA_FEATURES)
def diversity_features(doc: Document) -> Mapping[str, Value]:
    """Length-corrected lexical diversity over word forms and, where available, lemmas."""
    forms = [t.text.lower() for t in doc.alpha_words]
    m, ma, root, h = _measures(forms)
    out: dict[str, Value] = {"div_mtld": m, "div_mattr": ma, "div_root_ttr": root, "div_hdd": h}
    if doc.has(LEMMAS):
        lemmas = [(t.lemma or t.text).lower() for t in doc.alpha_words]
        out["div_lemma_ttr"] = (
            safe_div(len(set(lemmas)), len(lemmas)) if lemmas else Unavailable("no words")
        )
        out["div_lemma_mtld"] = mtld(lemmas)
        out["div_lemma_mattr"] = mattr(lemmas)
    else:
        out.update({f.name: Unavailable("no lemmatiser for this backend") for f in _LEMMA_FEATURES})
    return out
