"""The per-language table: every row is usable by the rule-based backend and the features."""

from __future__ import annotations

import pytest

from interlang.errors import UnsupportedLanguage
from interlang.text.languages import LANGUAGES, get_language, supported_languages


def test_italian_and_czech_are_supported_without_a_trained_pipeline() -> None:
    assert {"de", "en", "el", "it", "cs"} <= set(supported_languages())
    for code in ("it", "cs"):
        res = get_language(code)
        assert res.pipeline is None and res.wordfreq_code == code and res.pyphen_dict
    assert get_language("it").flesch == (217.0, 1.3, 60.0)  # Franchina & Vacca
    assert get_language("cs").flesch is None and "no validated" in get_language("cs").flesch_source
    with pytest.raises(UnsupportedLanguage):
        get_language("sk")


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_connectives_are_lower_case_and_unique_per_language(code: str) -> None:
    seen: list[str] = [c for level in get_language(code).connectives.values() for c in level]
    assert all(c == c.lower() for c in seen)
    assert len(seen) == len(set(seen)), [c for c in seen if seen.count(c) > 1]


@pytest.mark.parametrize(("code", "text"), [
    ("it", "Ciao, mi chiamo Marco. Abito a Roma con la mia famiglia. Mi piace molto giocare a calcio."),
    ("cs", "Jmenuji se Petr. Bydlím v Praze se svou rodinou. Rád hraju fotbal."),
])
def test_analyze_reads_italian_and_czech_with_the_rules_backend(code: str, text: str) -> None:
    from interlang.analysis import analyze

    result = analyze(text, learner=False)
    assert result.lang == code and result.doc.backend == "rules" and len(result.doc.sentences) == 3
    assert result.difficulty is not None and result.difficulty["model"] == "difficulty-multi"
    assert result.difficulty["level"] in ("A1", "A2")
    assert result.features.values["vocab_pct_unknown"] < 50  # the frequency-band lexicon is there
