"""Function-word and spelling-error features for NLI.

Function words are topic-independent and carry article, preposition and pronoun transfer
("the" dropped by Slavic and East Asian L1s); misspellings carry orthographic transfer
("tradicional" from Romance L1s). Spelling errors are words not in the language's wordfreq
lexicon; each one contributes its character 2–3-grams, so the model sees error *patterns*,
not just a count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer

__all__ = ["FUNCTION_WORDS", "SpellingFeatures", "function_word_vocabulary", "misspelled_words"]

FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": tuple(["a", "an", "the", "this", "that", "these", "those", "some", "any", "no", "every", "each", "all", "both", "either", "neither", "much", "many", "more", "most", "few", "little", "less", "least", "several", "such", "what", "which", "who", "whom", "whose", "whatever", "whichever", "i", "me", "my", "mine", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "it", "its", "we", "us", "our", "ours", "they", "them", "their", "theirs", "myself", "yourself", "himself", "herself", "itself", "ourselves", "themselves", "one", "ones", "other", "another", "and", "or", "but", "nor", "so", "yet", "for", "because", "although", "though", "while", "whereas", "if", "unless", "until", "since", "as", "than", "whether", "before", "after", "when", "where", "why", "how", "that", "then", "there", "here", "of", "in", "on", "at", "by", "with", "from", "to", "into", "onto", "upon", "about", "above", "below", "over", "under", "between", "among", "through", "during", "without", "within", "against", "towards", "toward", "across", "along", "around", "behind", "beyond", "near", "off", "out", "up", "down", "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do", "does", "did", "done", "can", "could", "may", "might", "must", "shall", "should", "will", "would", "not", "n't", "very", "too", "also", "just", "only", "even", "still", "already", "again", "ever", "never", "always", "often", "quite", "rather", "really", "however", "therefore", "thus", "moreover", "furthermore", "nevertheless", "besides", "instead"]),
    "de": tuple(["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "kein", "keine", "keinen", "keinem", "keiner", "dieser", "diese", "dieses", "diesen", "diesem", "jener", "jede", "jeder", "jedes", "jeden", "jedem", "alle", "allen", "aller", "manche", "welche", "welcher", "welches", "ich", "mich", "mir", "du", "dich", "dir", "er", "ihn", "ihm", "sie", "ihr", "es", "wir", "uns", "euch", "ihnen", "sich", "mein", "meine", "meinen", "meinem", "meiner", "dein", "deine", "sein", "seine", "seinen", "seinem", "ihre", "ihren", "ihrem", "unser", "unsere", "euer", "man", "und", "oder", "aber", "denn", "sondern", "doch", "weil", "dass", "daß", "wenn", "ob", "als", "wie", "obwohl", "damit", "während", "bevor", "nachdem", "bis", "seit", "sobald", "falls", "so", "also", "dann", "deshalb", "deswegen", "trotzdem", "außerdem", "auch", "noch", "schon", "nur", "sehr", "zu", "zum", "zur", "in", "im", "ins", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom", "vor", "über", "unter", "um", "durch", "für", "gegen", "ohne", "zwischen", "hinter", "neben", "wegen", "trotz", "sein", "bin", "bist", "ist", "sind", "seid", "war", "waren", "gewesen", "haben", "habe", "hast", "hat", "hatte", "hatten", "werden", "werde", "wird", "wurde", "wurden", "würde", "würden", "kann", "können", "konnte", "muss", "müssen", "musste", "soll", "sollen", "sollte", "will", "wollen", "wollte", "möchte", "möchten", "darf", "dürfen", "nicht", "nichts", "nie", "immer", "oft", "ja", "nein", "hier", "da", "dort", "wo", "wann", "warum", "was", "wer", "wem", "wen"]),
}


@lru_cache(maxsize=4)
def function_word_vocabulary(lang: str) -> list[str]:
    """Function words of ``lang`` (English for unknown languages), deduplicated, in order."""
    words = FUNCTION_WORDS.get(lang[:2].lower(), FUNCTION_WORDS["en"])
    return list(dict.fromkeys(w.lower() for w in words))


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=200_000)
def _known(word: str, lang: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang) >= 2.5


def misspelled_words(text: str, lang: str) -> list[str]:
    """Lower-case words of ``text`` rare in wordfreq's ``lang`` lexicon (zipf < 2.5:
    wordfreq lists frequent misspellings too, so a floor of 0 would miss them).

    Placeholders of the masking step ("Country") and single letters are never counted.
    """
    out = []
    for word in _WORD.findall(text):
        if len(word) < 2 or word in ("Country", "City", "Nationality", "Language"):
            continue
        low = word.lower()
        if not _known(low, lang):
            out.append(low)
    return out


class SpellingFeatures(TransformerMixin, BaseEstimator):
    """Texts → [misspelling rate, hashed char 2–3-grams of the misspelled words].

    Needs ``wordfreq`` (a core dependency of interlang's lexicon). Stateless, so ``fit`` only
    records the output width.
    """

    def __init__(self, lang: str = "en", n_features: int = 2**12) -> None:
        self.lang = lang
        self.n_features = n_features

    def fit(self, X: Sequence[str], y: Any = None) -> SpellingFeatures:
        self.n_features_out_ = self.n_features + 1
        return self

    def transform(self, X: Sequence[str]) -> Any:
        from scipy.sparse import csr_matrix, hstack

        lang = self.lang[:2].lower()
        errors = [misspelled_words(t, lang) for t in X]
        rate = np.asarray(
            [[len(e) / max(1, len(_WORD.findall(t)))] for e, t in zip(errors, X, strict=True)],
            dtype=np.float64,
        )
        grams = HashingVectorizer(
            n_features=self.n_features, analyzer="char_wb", ngram_range=(2, 3),
            alternate_sign=False, norm="l2",
        ).transform([" ".join(e) for e in errors])
        return hstack([csr_matrix(rate * 10.0), grams]).tocsr()

    def rates(self, X: Sequence[str]) -> NDArray[np.float64]:
        """Share of misspelled words per text."""
        return np.asarray(self.transform(X)[:, 0].toarray().ravel() / 10.0, dtype=np.float64)
