"""The OpenAI-compatible backend against an in-process fake server: echo log-probs, retries,
the generation fallback and invalid answers."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest

from interlang.errors import InputError, ModelError
from interlang.models.llm.backends import OpenAIBackend, normalise_url
from interlang.models.llm.classifier import LLMClassifier

LABELS = ["German", "Mandarin", "Spanish"]


def test_url_normalisation() -> None:
    assert normalise_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000/v1"
    assert normalise_url("http://127.0.0.1:8000/v1/") == "http://127.0.0.1:8000/v1"
    assert normalise_url("https://host/openai/v1") == "https://host/openai/v1"
    with pytest.raises(InputError):
        normalise_url("127.0.0.1:8000")


def test_echo_logprobs_of_each_label_continuation(fake_server) -> None:
    fake_server.config.label_logprobs = {"Spanish": -0.5, "German": -2.0}
    backend = OpenAIBackend(fake_server.url)
    out = backend.token_logprobs("Guess the L1.\nTEXT:\nHola\n\nANSWER:", [" German", " Mandarin", " Spanish"])
    assert out == [[-2.0], [-6.0], [-0.5]]
    body = fake_server.config.requests[-1]
    assert body["echo"] is True and body["logprobs"] == 1 and body["max_tokens"] == 1
    assert body["model"] == "fake-model"  # asked /v1/models once
    assert body["prompt"].endswith("ANSWER: Spanish")
    assert backend.echo_supported is True


def test_batched_requests_send_one_list(fake_server) -> None:
    fake_server.config.list_prompts = True
    fake_server.config.label_logprobs = {"Mandarin": -0.1}
    backend = OpenAIBackend(fake_server.url, batch=True, model="m")
    out = backend.token_logprobs("x\nANSWER:", [" German", " Mandarin"])
    assert out == [[-6.0], [-0.1]]
    assert len(fake_server.config.requests) == 1


def test_classifier_over_http_gives_softmax_of_label_likelihoods(fake_server) -> None:
    fake_server.config.label_logprobs = {"Spanish": -0.5, "German": -2.0}
    clf = LLMClassifier(OpenAIBackend(fake_server.url), task="l1", labels=LABELS, language="en")
    proba = clf.predict_proba(["Me gusta the tapas.", "Another text."])
    expected = np.exp([-2.0, -6.0, -0.5]) / np.exp([-2.0, -6.0, -0.5]).sum()
    assert proba[0] == pytest.approx(expected)
    assert clf.predict(["x"]) == ["Spanish"]
    assert clf.stats.loglik == 3 and clf.stats.generation == 0 and clf.stats.invalid == 0


def test_retries_with_backoff_then_success(fake_server) -> None:
    fake_server.config.fail_first = 2
    backend = OpenAIBackend(fake_server.url, model="m", retries=3, backoff=0.01)
    assert backend.token_logprobs("q\nANSWER:", [" Spanish"]) == [[-6.0]]
    assert backend.n_retries == 2


def test_retries_exhausted_name_the_url(fake_server) -> None:
    fake_server.config.fail_first = 10
    backend = OpenAIBackend(fake_server.url, model="m", retries=1, backoff=0.01)
    with pytest.raises(ModelError, match=r"127\.0\.0\.1.*/completions.*2 attempts"):
        backend.token_logprobs("q\nANSWER:", [" Spanish"])


def test_connection_refused_is_a_model_error_naming_the_url() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = OpenAIBackend(f"http://127.0.0.1:{port}", model="m", retries=1, backoff=0.01, timeout=2)
    start = time.perf_counter()
    with pytest.raises(ModelError, match=rf"cannot reach the LLM server at http://127\.0\.0\.1:{port}/v1/completions"):
        backend.generate("hello")
    assert time.perf_counter() - start < 10


def test_server_without_echo_falls_back_to_generation_and_counts_invalid(fake_server) -> None:
    fake_server.config.echo = False
    backend = OpenAIBackend(fake_server.url, model="m")
    clf = LLMClassifier(backend, task="l1", labels=LABELS)
    fake_server.config.answer = " I think the writer is spanish."
    preds, proba = clf.predict_with_proba(["Text one."])
    assert preds == ["Spanish"] and proba[0].tolist() == [0.0, 0.0, 1.0]
    assert backend.echo_supported is False
    fake_server.config.answer = "banana bread"
    preds, proba = clf.predict_with_proba(["Text two.", "Text three."])
    assert preds == [None, None]  # invalid: never mapped to a class
    assert proba == pytest.approx(np.full((2, 3), 1 / 3))
    assert clf.stats.generation == 3 and clf.stats.loglik == 0
    assert clf.stats.invalid == 2 and clf.stats.to_dict()["invalid_rate"] == pytest.approx(2 / 3)
    assert clf.stats.invalid_examples == ["banana bread", "banana bread"]
    generation_requests = [r for r in fake_server.config.requests if not r.get("echo")]
    assert generation_requests and generation_requests[-1]["max_tokens"] == 8


def test_server_refusing_echo_with_400_falls_back(fake_server) -> None:
    fake_server.config.refuse_echo_status = 400
    fake_server.config.answer = "Mandarin Chinese"
    clf = LLMClassifier(OpenAIBackend(fake_server.url, model="m"), task="l1", labels=LABELS)
    assert clf.predict(["x"]) == ["Mandarin"]
    assert clf.stats.generation == 1
