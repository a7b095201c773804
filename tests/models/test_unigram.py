"""The pure-Python Unigram tokenizer: Viterbi segmentation, unknowns, and parity with ``tokenizers``."""

from __future__ import annotations

import pytest

from interlang.models.unigram import UnigramTokenizer


def _toy() -> UnigramTokenizer:
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁the", "▁a", "t", "h", "e", "▁th", "re", "▁there", "▁t"]
    scores = [0.0, 0.0, 0.0, 0.0, -2.0, -1.0, -1.5, -4.0, -4.0, -4.0, -2.5, -2.0, -1.2, -3.0]
    return UnigramTokenizer(pieces, scores, unk=3, bos=0, eos=2, specials=[1])


def test_best_path_wins_over_greedy_pieces() -> None:
    tok = _toy()
    assert tok.encode("there") == [0, 12, 2]  # "▁there" (-1.2) beats "▁th"+"re" (-4.5)
    assert tok.encode("the a") == [0, 5, 6, 2]


def test_unknown_characters_fuse_into_one_unk() -> None:
    tok = _toy()
    ids = tok.encode("the xyz")
    assert ids[:2] == [0, 5] and ids[-1] == 2
    assert ids.count(3) == 1  # "xyz": one <unk>, after "▁"


def test_truncation_keeps_the_end_marker() -> None:
    tok = _toy()
    ids = tok.encode("the the the the the", max_length=4)
    assert ids == [0, 5, 5, 2]


def test_same_ids_as_the_tokenizers_package() -> None:
    pytest.importorskip("tokenizers")
    from interlang.models.e5_file import build_tokenizer, read_e5

    model = read_e5()
    h = model["header"]
    ours = UnigramTokenizer(model["pieces"], model["scores"], unk=h["unk"], bos=h["bos"], eos=h["eos"],
                            specials=[h["pad"]])
    ref = build_tokenizer(model)
    ref.enable_truncation(64)
    texts = [
        "passage: Is that your bike ?", "passage:  two  spaces\tand a tab\nand a line", " leading space",
        "Die Größe der Straße übertrifft alles.", "ﬁ ligature, ½ fraction, ＦＵＬＬ width", "🙂 emoji 日本語のテキスト",
        "Это предложение на русском языке.", "هذه جملة عربية.", "यह एक हिंदी वाक्य है।", "x" * 300, "",
    ]
    for text in texts:
        assert ours.encode(text, 64) == ref.encode(text).ids, text
