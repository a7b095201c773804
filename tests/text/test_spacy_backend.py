"""The spaCy backend: Document invariants, UD relations, long texts, batching, shipped metadata."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interlang.errors import EmptyTextError
from interlang.text import parse, parse_many
from interlang.text import spacy_backend as sb
from interlang.text.document import ALL_LAYERS, Document
from interlang.text.pipelines import pipeline_path

UPOS = {
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
    "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
}  # fmt: skip
UD_BASE = {
    "acl", "advcl", "advmod", "amod", "appos", "aux", "case", "cc", "ccomp", "clf", "compound",
    "conj", "cop", "csubj", "dep", "det", "discourse", "dislocated", "expl", "fixed", "flat",
    "goeswith", "iobj", "list", "mark", "nmod", "nsubj", "nummod", "obj", "obl", "orphan",
    "parataxis", "punct", "reparandum", "root", "vocative", "xcomp",
}  # fmt: skip


def _needs(lang: str) -> None:
    if pipeline_path(lang) is None:
        pytest.skip(f"no shipped pipeline for {lang}")


def check_invariants(doc: Document) -> None:
    """What every consumer of a parsed Document relies on."""
    assert doc.tokens, "no tokens"
    assert [t.i for t in doc.tokens] == list(range(len(doc.tokens)))
    # Sentences tile the tokens, in order, none empty.
    assert doc.sentences[0].start == 0
    assert doc.sentences[-1].end == len(doc.tokens)
    for k, s in enumerate(doc.sentences):
        assert s.index == k
        assert s.start < s.end
        if k:
            assert s.start == doc.sentences[k - 1].end
        toks = doc.sentence_tokens(s)
        assert all(t.sent == k for t in toks)
        assert all(not t.text.isspace() and t.text for t in toks)
        roots = [t for t in toks if t.head == t.i]
        assert len(roots) == 1, f"sentence {k} has {len(roots)} roots"
        assert roots[0].dep == "root"
        for t in toks:
            assert s.start <= t.head < s.end
            assert t.upos in UPOS
            assert t.dep.split(":")[0] in UD_BASE, t.dep
            assert isinstance(dict(t.feats), dict)
            assert t.lemma
        # Heads form a tree: following heads from any token reaches the root without a cycle.
        for t in toks:
            seen = set()
            cur = t
            while cur.head != cur.i:
                assert cur.i not in seen
                seen.add(cur.i)
                cur = doc.tokens[cur.head]


def _deps(docs: list[Document]) -> set[str]:
    return {t.dep for d in docs for t in d.tokens}


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_capabilities_and_invariants(lang: str) -> None:
    _needs(lang)
    text = {
        "en": "My sister lives in Berlin. She works at a hospital and likes her job!",
        "de": "Meine Schwester wohnt in Berlin. Sie arbeitet in einem Krankenhaus und mag ihre Arbeit!",
        "el": "Η αδελφή μου μένει στην Αθήνα. Δουλεύει σε ένα νοσοκομείο και της αρέσει η δουλειά της!",
    }[lang]
    doc = parse(text, lang)
    assert doc.backend == "spacy"
    assert doc.capabilities == ALL_LAYERS
    check_invariants(doc)
    assert len(doc.sentences) == 2
    assert "".join(t.text + t.whitespace for t in doc.tokens) == text


def test_english_relations() -> None:
    _needs("en")
    relcl = [
        "The man who lives here is nice.",
        "I read the book that you gave me.",
        "The woman who called yesterday is my aunt.",
        "This is the house where I was born.",
    ]
    passive = [
        "The letter was written by my sister.",
        "The window was broken yesterday.",
        "The cake was eaten by the children.",
    ]
    prt = ["She gave up smoking.", "Please turn off the light.", "He picked up the phone."]
    docs = {name: [parse(s, "en") for s in group] for name, group in
            [("relcl", relcl), ("passive", passive), ("prt", prt)]}  # fmt: skip
    for group in docs.values():
        for d in group:
            check_invariants(d)
    assert "acl:relcl" in _deps(docs["relcl"])
    assert {"nsubj:pass", "aux:pass"} <= _deps(docs["passive"])
    assert "compound:prt" in _deps(docs["prt"])
    # UD FEATS as a dict.
    written = next(t for t in docs["passive"][0].tokens if t.text == "written")
    assert written.feats.get("VerbForm") == "Part"


def test_german_parse() -> None:
    _needs("de")
    sents = [
        "Ich rufe dich morgen an.",
        "Der Zug kommt um acht Uhr an.",
        "Wir laden unsere Freunde zum Essen ein.",
    ]
    docs = [parse(s, "de") for s in sents]
    for d in docs:
        check_invariants(d)
    assert "compound:prt" in _deps(docs)
    nouns = [t for d in docs for t in d.tokens if t.upos == "NOUN"]
    assert nouns and any("Case" in t.feats for t in nouns)
    lemmas = {
        t.text: t.lemma for t in parse("Die Kinder spielten gestern in den Häusern.", "de").tokens
    }
    expected = {"Kinder": "Kind", "spielten": "spielen", "Häusern": "Haus"}
    assert sum(lemmas.get(w) == lem for w, lem in expected.items()) >= 2


def test_greek_parse() -> None:
    _needs("el")
    doc = parse("Ο Γιάννης διαβάζει ένα βιβλίο στο σπίτι. Η Μαρία γράφει ένα γράμμα.", "el")
    check_invariants(doc)
    assert len(doc.sentences) == 2
    assert {"NOUN", "VERB"} <= {t.upos for t in doc.tokens}
    assert "nsubj" in _deps([doc])


@pytest.mark.parametrize("text", ["", "   \n\t ", "... !!"])
def test_empty_text_raises(text: str) -> None:
    with pytest.raises(EmptyTextError):
        parse(text, "en", backend="spacy")


def test_whitespace_runs_are_dropped() -> None:
    _needs("en")
    doc = parse("  Hello there.\n\n\n   How are   you?\n\n", "en")
    check_invariants(doc)
    assert [t.text for t in doc.tokens] == ["Hello", "there", ".", "How", "are", "you", "?"]


def test_split_chunks_round_trip() -> None:
    text = ("Ein Satz. " * 30 + "\n\n") * 5 + "x" * 120
    chunks = sb.split_chunks(text, limit=100)
    assert "".join(chunks) == text
    assert all(len(c) <= 100 for c in chunks)
    assert sb.split_chunks("short", limit=100) == ["short"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab .\n!")), max_size=400),
    limit=st.integers(min_value=8, max_value=120),
)
def test_split_chunks_property(text: str, limit: int) -> None:
    chunks = sb.split_chunks(text, limit=limit)
    assert "".join(chunks) == text
    assert all(chunks) or chunks == [""]  # an empty text stays one (empty) chunk
    assert all(len(c) <= limit for c in chunks)


def test_chunked_parse_keeps_invariants(monkeypatch: pytest.MonkeyPatch) -> None:
    _needs("en")
    text = " ".join(f"Sentence number {k} is about a cat." for k in range(60))
    whole = parse(text, "en")
    monkeypatch.setattr(sb, "CHUNK_CHARS", 200)
    chunked = sb.spacy_backend("en")(text)
    check_invariants(chunked)
    assert [t.text for t in chunked.tokens] == [t.text for t in whole.tokens]
    assert len(chunked.sentences) >= 60


@pytest.mark.slow
def test_very_long_text_parses() -> None:
    _needs("en")
    sentence = "The students wrote a long essay about the environment and their future. "
    text = sentence * 8400  # about 100k words, beyond one chunk
    assert len(text.split()) >= 100_000
    doc = parse(text, "en")
    assert len(doc.words) >= 100_000
    assert len(doc.sentences) >= 8000
    assert doc.sentences[-1].end == len(doc.tokens)
    head = tuple(s for s in doc.sentences if s.end <= 500)
    sample = Document(
        doc.text, doc.lang, doc.tokens[: head[-1].end], head, doc.capabilities, doc.backend
    )
    check_invariants(sample)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_parse_many_equals_parse(lang: str) -> None:
    _needs(lang)
    texts = {
        "en": ["I like tea.", "The cat sat on the mat. It was happy.", "Why not?"],
        "de": [
            "Ich trinke gern Tee.",
            "Die Katze saß auf der Matte. Sie war glücklich.",
            "Warum nicht?",
        ],
    }[lang]
    many = list(parse_many(texts, lang, batch_size=2))
    single = [parse(t, lang) for t in texts]
    assert many == single


def test_parse_many_rules_backend_and_empty() -> None:
    texts = ["Hello world.", "Good morning to you."]
    assert list(parse_many(texts, "en", backend="rules")) == [
        parse(t, "en", backend="rules") for t in texts
    ]
    with pytest.raises(EmptyTextError):
        list(parse_many(["fine", "  "], "en", backend="rules"))


# ---------------------------------------------------------------- shipped metadata

MIN_UPOS: dict[str, float] = {"en": 0.9, "de": 0.85, "el": 0.8}


def _meta(lang: str) -> dict:
    path = pipeline_path(lang)
    assert path is not None
    return json.loads((path / "meta.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_meta_records_provenance_and_plausible_accuracy(lang: str) -> None:
    _needs(lang)
    meta = _meta(lang)
    info = meta["interlang"]
    acc = info["heldout_accuracy"]
    for key in ("upos", "feats", "uas", "las", "sent_f", "lemma_acc"):
        assert 0.0 <= acc[key] <= 1.0, key
    assert acc["upos"] >= MIN_UPOS[lang]
    assert acc["las"] <= acc["uas"]
    assert acc["uas"] >= 0.6
    lem = acc["lemma_on_gold_tokens"]
    strategies = {"pipeline", "simplemma", "simplemma+pipeline"}
    assert info["lemmatizer_choice"] in strategies
    assert lem[info["lemmatizer_choice"]] == max(v for k, v in lem.items() if k in strategies)
    assert info["non_commercial"] is False  # the shipped pipelines use CC BY-SA data only
    assert info["heldout_split"]
    assert info["spacy_version"].startswith("3.8")
    for tb in info["treebanks"]:
        assert len(tb["sha256"]) == 64
        assert tb["licence"]
    assert set(meta["pipeline"]) >= {"tok2vec", "morphologizer", "parser", "trainable_lemmatizer"}
    size = sum(p.stat().st_size for p in pipeline_path(lang).rglob("*") if p.is_file())
    assert size <= 5 * 1024 * 1024


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_meta_checksums_match_the_data(data_dir: Path, lang: str) -> None:
    _needs(lang)
    for tb in _meta(lang)["interlang"]["treebanks"]:
        path = data_dir / "ud" / tb["treebank"] / (tb["file"] + ".gz")
        if not path.exists():
            pytest.skip(f"{path.name} not in the data folder")
        with gzip.open(path, "rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == tb["sha256"]


# ---------------------------------------------------------------- optional official model


def _has_en_sm() -> bool:
    import importlib.util

    return any(importlib.util.find_spec(m) is not None for m in sb.EN_SM_MODULES)


@pytest.mark.skipif(not _has_en_sm(), reason="en_core_web_sm is not installed (optional)")
def test_official_english_model_maps_to_ud() -> None:
    docs = [parse(s, "en", backend="spacy-en-sm") for s in
            ["The man who lives here is nice.", "The letter was written by my sister.", "She gave up smoking."]]  # fmt: skip
    for d in docs:
        check_invariants(d)
        assert d.backend == "spacy-en-sm"
    deps = _deps(docs)
    assert {"acl:relcl", "nsubj:pass", "aux:pass", "compound:prt"} <= deps
    assert not deps & {"dobj", "nsubjpass", "relcl", "prt", "ROOT"}


def test_unknown_backend_factory_for_other_language() -> None:
    factory: Callable[[str], object] = sb.spacy_en_sm_backend
    with pytest.raises(Exception, match="English only"):
        factory("de")


def _paragraphs(lang: str) -> str:
    from interlang.text.samples import sample_text

    return sample_text(lang)


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_pieces_cut_at_paragraphs_give_the_whole_text_features(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text that fits parses whole; cut in pieces at its paragraph breaks it gives the same Document.

    Context-free layers (tokens, whitespace) can never differ; tags, lemmas, heads and sentence
    ends could only differ near a cut (the tagger sees a few tokens either side), and a
    paragraph break is a sentence end anyway, so here every feature is equal.
    """
    import math

    from interlang.features import extract

    _needs(lang)
    text = _paragraphs(lang)
    whole = sb.spacy_backend(lang)(text)
    monkeypatch.setattr(sb, "CHUNK_CHARS", 400)
    assert len(sb.split_chunks(text)) >= 3 and all(c.endswith("\n\n") for c in sb.split_chunks(text)[:-1])
    pieces = sb.spacy_backend(lang)(text)
    check_invariants(pieces)
    assert [(t.text, t.whitespace) for t in pieces.tokens] == [(t.text, t.whitespace) for t in whole.tokens]
    assert pieces.sentences == whole.sentences
    a, b = extract(whole).values, extract(pieces).values
    assert a.keys() == b.keys()
    for name in a:
        assert (math.isnan(a[name]) and math.isnan(b[name])) or a[name] == pytest.approx(b[name], abs=1e-9), name


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_pieces_cut_inside_paragraphs_stay_close(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut at sentence ends inside a paragraph: token features equal, tag-based ones close.

    Features over tokens alone (word counts, lengths, type-token ratios, syllables) cannot
    depend on the cut; those over tags, lemmas, parses or sentence counts can, at the edges.
    """
    from interlang.features import extract

    _needs(lang)
    text = " ".join(_paragraphs(lang).split())
    whole = sb.spacy_backend(lang)(text)
    monkeypatch.setattr(sb, "CHUNK_CHARS", 250)
    assert len(sb.split_chunks(text)) >= 3
    pieces = sb.spacy_backend(lang)(text)
    check_invariants(pieces)
    a, b = extract(whole).values, extract(pieces).values
    for name in ("basic_words", "basic_ttr", "basic_mean_word_length", "read_syllables_per_word",
                 "read_chars_per_word", "div_mtld", "div_mattr", "div_root_ttr", "div_hdd"):
        assert a[name] == pytest.approx(b[name], abs=1e-9), name
    assert abs(len(pieces.sentences) - len(whole.sentences)) <= 1
    for name in ("vocab_pct_a1", "vocab_pct_unknown", "syn_mean_dependency_distance", "basic_mean_sentence_length"):
        assert a[name] == pytest.approx(b[name], rel=0.1), name


def test_rules_backend_parses_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    from interlang.text import backends

    text = "Hello there. " * 40 + "\n\n" + "How are you today? " * 40
    whole = backends.rules_backend("en")(text)
    monkeypatch.setattr(backends, "RULES_PIECE_CHARS", 120)
    pieces = backends.rules_backend("en")(text)
    assert [t.text for t in pieces.tokens] == [t.text for t in whole.tokens]
    assert [t.i for t in pieces.tokens] == list(range(len(pieces.tokens)))
    assert [t.sent for t in pieces.tokens] == [t.sent for t in whole.tokens]
    assert pieces.sentences == whole.sentences


@pytest.mark.slow
def test_rules_backend_takes_texts_over_spacys_max_length() -> None:
    text = "The cat sat on the mat.\n\n" * 45_000  # 1.1 M characters; spaCy's default limit is 1 M
    doc = parse(text, "en", backend="rules")
    assert len(doc.sentences) == 45_000
