"""Offline language identification for interlang's languages (de, en, el, it, cs).

Greek is told apart by its script. Latin-script text is scored per word against German,
English, Italian, Czech and a few other common languages (whose wins give ``lang=None``): a word in wordfreq's
top list of a language counts with its log frequency there, any other word with a character
trigram model built from the same lists (so unseen words with ``sch``, ``ß`` or ``th`` still
vote). Profiles are built once per process from wordfreq (offline); a call then costs a few
dictionary lookups per word. Text with too few letters, or in a script / language that matches
none of the profiles, gets ``lang=None`` rather than a confident wrong answer.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

#: Latin-script languages scored by word and trigram profiles.
LATIN_LANGS: tuple[str, ...] = ("de", "en", "it", "cs")
#: Other Latin-script languages scored alike so that their texts are not forced into de/en.
DISTRACTORS: tuple[str, ...] = ("fr", "es", "nl", "pt", "sv", "pl", "sk", "tr")
#: Words per language kept from wordfreq for the profiles.
LEXICON_SIZE = 25_000
#: Words per language that train the trigram model.
TRIGRAM_WORDS = 8_000
#: Fewer letters than this → no guess.
MIN_LETTERS = 3
#: Added to the mean trigram log probability of an out-of-lexicon word (set by hand: about
#: minus the typical mean, so spelling shifts the rare-word floor up or down).
TRIGRAM_OFFSET = 8.0
#: Only the first words of a long text are scored (enough evidence, bounded time).
MAX_WORDS = 400
#: Below this probability the guess is withheld (``lang=None``).
MIN_CONFIDENCE = 0.6
#: Share of words that must be in the winning lexicon (texts of ≥ 4 words) to accept a guess.
MIN_COVERAGE = 0.3

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class LanguageGuess:
    """Best language (None: too short or unrecognised), its probability and all scores."""

    lang: str | None
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Profile:
    lexicon: Mapping[str, float]  # word -> log frequency
    floor: float  # log frequency given to a word missing from the lexicon
    trigrams: Mapping[str, float]  # trigram -> log probability
    trigram_floor: float


def _build_profile(lang: str) -> tuple[dict[str, float], dict[str, float], float, float]:
    import wordfreq

    freqs = wordfreq.get_frequency_dict(lang, wordlist="small")
    lexicon: dict[str, float] = {}
    tri: defaultdict[str, float] = defaultdict(float)
    for n, (word, freq) in enumerate(freqs.items()):
        if n >= LEXICON_SIZE:
            break
        if not _WORD.fullmatch(word):
            continue
        lexicon[word] = math.log(freq)
        if n < TRIGRAM_WORDS:
            padded = f"^{word}$"  # same padding as in _scores
            weight = math.sqrt(freq)  # damp the very frequent function words
            for i in range(len(padded) - 2):
                tri[padded[i : i + 3]] += weight
    total = sum(tri.values())
    vocab = len(tri) + 1
    smooth = total * 1e-4
    trigrams = {g: math.log((c + smooth / vocab) / (total + smooth)) for g, c in tri.items()}
    floor = min(lexicon.values()) - math.log(10)
    return lexicon, trigrams, floor, math.log((smooth / vocab) / (total + smooth))


_FLOORS = "\x00floors"


@cache
def _profile(lang: str) -> _Profile:
    """The language's profile, from per-user disk tables (built once from wordfreq)."""
    from interlang.resources import disk_table, package_version

    built: list[tuple[dict[str, float], dict[str, float], float, float]] = []

    def profile() -> tuple[dict[str, float], dict[str, float], float, float]:
        if not built:
            built.append(_build_profile(lang))
        return built[0]

    parts = (package_version("wordfreq"), str(LEXICON_SIZE), str(TRIGRAM_WORDS))

    def lexicon_rows() -> Iterator[tuple[str, float]]:
        lexicon, _, floor, trigram_floor = profile()
        yield from lexicon.items()
        yield _FLOORS, floor
        yield _FLOORS + "t", trigram_floor

    lexicon = disk_table(f"langid-{lang}-lexicon", parts, lexicon_rows)
    trigrams = disk_table(f"langid-{lang}-trigrams", parts, lambda: profile()[1].items())
    return _Profile(lexicon, float(lexicon[_FLOORS]), trigrams, float(lexicon[_FLOORS + "t"]))


def _word_logp(word: str, grams: list[str], prof: _Profile) -> tuple[float, bool]:
    """Log score of ``word`` (trigrams ``grams``) and whether it is in the lexicon."""
    if word in prof.lexicon:
        return prof.lexicon[word], True
    # Mean trigram log probability on top of the rare-word floor: a word out of the lexicon
    # scores below in-lexicon words but still votes by its spelling.
    tri = prof.trigrams
    mean = sum(tri.get(g, prof.trigram_floor) for g in grams) / len(grams)
    return prof.floor + mean + TRIGRAM_OFFSET, False


_CANDIDATES: tuple[str, ...] = LATIN_LANGS + DISTRACTORS


@lru_cache(maxsize=200_000)
def _scores(word: str) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """Log score of ``word`` per candidate language and whether each lexicon has it (memoised)."""
    padded = f"^{word}$"
    grams = [padded[i : i + 3] for i in range(len(padded) - 2)]
    scored = [_word_logp(word, grams, _profile(lang)) for lang in _CANDIDATES]
    return tuple(lp for lp, _ in scored), tuple(int(hit) for _, hit in scored)


def _script_counts(text: str) -> tuple[int, int, int]:
    greek = latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("GREEK"):
            greek += 1
        elif name.startswith("LATIN"):
            latin += 1
        else:
            other += 1
    return greek, latin, other


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    z = sum(exp.values())
    return {k: v / z for k, v in exp.items()}


def detect(text: str) -> LanguageGuess:
    """Guess the language of ``text`` among de, en, el, it, cs."""
    greek, latin, other = _script_counts(text)
    letters = greek + latin + other
    if letters < MIN_LETTERS:
        return LanguageGuess(None, 0.0, {})
    if other > 0.5 * letters:
        return LanguageGuess(None, 0.0, {"el": greek / letters, "de": 0.0, "en": 0.0})
    greek_share = greek / letters
    if greek_share > 0.5:
        scores = {"el": greek_share, "de": (1 - greek_share) / 2, "en": (1 - greek_share) / 2}
        return _decide(scores)
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower()) if not _is_greek(w)]
    if not words:
        return LanguageGuess(None, 0.0, {})
    counts = Counter(words[:MAX_WORDS])
    n_words = sum(counts.values())
    total = [0.0] * len(_CANDIDATES)
    hits = [0] * len(_CANDIDATES)
    for word, c in counts.items():
        logps, known_in = _scores(word)
        for k in range(len(_CANDIDATES)):
            total[k] += c * logps[k]
            hits[k] += c * known_in[k]
    logp = dict(zip(_CANDIDATES, total, strict=True))
    known = {lang: hits[k] / n_words for k, lang in enumerate(_CANDIDATES)}
    probs = _softmax(logp)
    latin_share = 1 - greek_share
    scores = {"el": greek_share, **{k: v * latin_share for k, v in probs.items()}}
    best = max(probs, key=lambda k: probs[k])
    if best not in LATIN_LANGS or (n_words >= 4 and known[best] < MIN_COVERAGE):
        return LanguageGuess(None, 0.0, _round(scores))
    return _decide(scores)


def _is_greek(word: str) -> bool:
    return unicodedata.name(word[0], "").startswith("GREEK")


def _round(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in scores.items()}


def _decide(scores: dict[str, float]) -> LanguageGuess:
    rounded = _round(scores)
    best = max(scores, key=lambda k: scores[k])
    conf = scores[best]
    if conf < MIN_CONFIDENCE:
        return LanguageGuess(None, conf, rounded)
    return LanguageGuess(best, conf, rounded)
