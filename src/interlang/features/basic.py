"""Basic text statistics (Appendix 11.1, group 1) and the surface counts readability shares.

Counting conventions, used by this group and by :mod:`interlang.features.readability`:

* *words* are tokens with a letter or digit (``doc.words``); *readability words* are those
  with a letter (``doc.alpha_words``), so that numbers do not enter syllable-based formulas;
* *sentences* are the backend's sentences that contain at least one word;
* *characters* of a word are its letters and digits; *letters* only its letters;
* syllables come from :func:`interlang.text.syllables.syllable_count`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interlang.features.base import Feature, Unavailable, Value, extractor, safe_div
from interlang.text.document import Document
from interlang.text.languages import get_language
from interlang.text.syllables import syllable_count


@dataclass(frozen=True)
class SurfaceCounts:
    """Counts every surface formula is built from."""

    words: int
    """Tokens with a letter or a digit."""
    alpha_words: int
    """Tokens with a letter (readability formulas count these)."""
    sentences: int
    syllables: int
    monosyllables: int
    polysyllables: int
    """Words of three or more syllables."""
    long_words: int
    """Words of more than six letters (Wiener Sachtextformel)."""
    characters: int
    """Letters and digits of the alpha words (ARI)."""
    letters: int
    """Letters of the alpha words (Coleman–Liau)."""
    word_characters: int
    """Letters and digits of all words (mean word length)."""

    @property
    def words_per_sentence(self) -> float:
        """ASL of the readability formulas: alpha words per sentence."""
        return safe_div(self.alpha_words, self.sentences)

    @property
    def syllables_per_word(self) -> float:
        return safe_div(self.syllables, self.alpha_words)


def surface_counts(doc: Document) -> SurfaceCounts:
    """Count words, sentences, syllables and characters of ``doc``."""
    lang = doc.lang
    syl = [syllable_count(t.text, lang) for t in doc.alpha_words]
    sentences = sum(1 for sent in doc.iter_sentences() if any(t.is_word for t in sent))
    return SurfaceCounts(
        words=len(doc.words),
        alpha_words=len(doc.alpha_words),
        sentences=sentences,
        syllables=sum(syl),
        monosyllables=sum(1 for n in syl if n == 1),
        polysyllables=sum(1 for n in syl if n >= 3),
        long_words=sum(1 for t in doc.alpha_words if sum(c.isalpha() for c in t.text) > 6),
        characters=sum(sum(c.isalnum() for c in t.text) for t in doc.alpha_words),
        letters=sum(sum(c.isalpha() for c in t.text) for t in doc.alpha_words),
        word_characters=sum(sum(c.isalnum() for c in t.text) for t in doc.words),
    )


def flesch_reading_ease(counts: SurfaceCounts, lang: str) -> Value:
    """Flesch Reading Ease in the language's adaptation: ``a − b·ASL − c·ASW``.

    ASL = words per sentence, ASW = syllables per word; (a, b, c) come from
    :attr:`LanguageResources.flesch`: English (Flesch 1948) 206.835, 1.015, 84.6; German
    (Amstad 1978) 180, 1.0, 58.5. Greek has no validated adaptation, so it is unavailable.
    """
    res = get_language(lang)
    if res.flesch is None:
        return Unavailable(res.flesch_source or f"no Flesch adaptation for {lang}")
    if not counts.alpha_words or not counts.sentences:
        return Unavailable("no words with letters")
    a, b, c = res.flesch
    return a - b * counts.words_per_sentence - c * counts.syllables_per_word


def _f(name: str, label: str, description: str, unit: str) -> Feature:
    return Feature(name, "basic", description, unit, label=label)


_FEATURES = [
    _f("basic_words", "Words", "Number of words (tokens with a letter or digit).", "words"),
    _f("basic_sentences", "Sentences", "Number of sentences containing a word.", "sentences"),
    _f("basic_mean_sentence_length", "Mean sentence length", "Words per sentence.", "words/sentence"),
    _f(
        "basic_ttr", "Type–token ratio",
        "Type–token ratio of lower-cased word forms (length-biased: see div_ for corrected measures).",
        "ratio",
    ),
    _f(
        "basic_flesch_reading_ease", "Flesch Reading Ease",
        "Flesch Reading Ease in the language's adaptation (Amstad for German, Flesch for English; "
        "unavailable for Greek). Higher is easier.",
        "score",
    ),
    _f("basic_mean_word_length", "Mean word length", "Mean word length in letters and digits.", "characters"),
]


@extractor("basic", _FEATURES)
def basic_features(doc: Document) -> Mapping[str, Value]:
    """Group 1: counts, mean sentence length, TTR, Flesch, mean word length."""
    c = surface_counts(doc)
    types = {t.text.lower() for t in doc.words}
    return {
        "basic_words": float(c.words),
        "basic_sentences": float(c.sentences),
        "basic_mean_sentence_length": safe_div(c.words, c.sentences),
        "basic_ttr": safe_div(len(types), c.words),
        "basic_flesch_reading_ease": flesch_reading_ease(c, doc.lang),
        "basic_mean_word_length": safe_div(c.word_characters, c.words),
    }
