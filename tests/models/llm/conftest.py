"""Fakes for the LLM tests that need no LLM: an OpenAI-compatible HTTP server on 127.0.0.1
(in a thread, canned echo log-probs) and an in-process backend with keyword rules."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

_TOKEN = re.compile(r"\s*\S+|\s+$")


@dataclass
class FakeConfig:
    """What the fake server answers; tests change it between requests."""

    #: log-prob of each label-continuation token (after the last "ANSWER:"), by stripped word.
    label_logprobs: dict[str, float] = field(default_factory=dict)
    default_logprob: float = -6.0
    #: label -> cue word: each mention of the cue in the prompt adds 3 to that label's log-prob.
    cues: dict[str, str] = field(default_factory=dict)
    echo: bool = True
    refuse_echo_status: int | None = None
    answer: str = "Spanish"
    fail_first: int = 0
    list_prompts: bool = False
    requests: list[dict[str, Any]] = field(default_factory=list)


def _echo_choice(config: FakeConfig, text: str, index: int) -> dict[str, Any]:
    boundary = text.rfind("ANSWER:") + len("ANSWER:")
    tokens, offsets, values = [], [], []
    for m in _TOKEN.finditer(text):
        tokens.append(m.group())
        offsets.append(m.start())
        if m.start() >= boundary:
            label = m.group().strip()
            cue = config.cues.get(label)
            bonus = 3.0 * text[:boundary].lower().count(cue) if cue else 0.0
            values.append(config.label_logprobs.get(label, config.default_logprob) + bonus)
        else:
            values.append(-1.0)
    values[0] = None  # as the OpenAI API: no log-prob for the first token
    tokens.append(" x")  # the one generated token (max_tokens=1)
    offsets.append(len(text))
    values.append(-0.1)
    return {"index": index, "text": text + " x", "finish_reason": "length",
            "logprobs": {"tokens": tokens, "token_logprobs": values, "text_offset": offsets, "top_logprobs": None}}


class _Handler(BaseHTTPRequestHandler):
    config: FakeConfig

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/v1/models":
            self._send(200, {"object": "list", "data": [{"id": "fake-model"}]})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        config = self.server.config  # type: ignore[attr-defined]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        config.requests.append(body)
        if config.fail_first > 0:
            config.fail_first -= 1
            self._send(503, {"error": "warming up"})
            return
        if self.path != "/v1/completions":
            self._send(404, {"error": "not found"})
            return
        prompts = body["prompt"] if isinstance(body["prompt"], list) else [body["prompt"]]
        if isinstance(body["prompt"], list) and not config.list_prompts:
            self._send(500, {"error": "only one prompt per request"})
            return
        if body.get("echo") and config.refuse_echo_status:
            self._send(config.refuse_echo_status, {"error": "echo is not supported"})
            return
        if body.get("echo") and config.echo:
            choices = [_echo_choice(config, p, i) for i, p in enumerate(prompts)]
        else:
            choices = [{"index": i, "text": config.answer, "logprobs": None, "finish_reason": "stop"}
                       for i, _ in enumerate(prompts)]
        self._send(200, {"id": "cmpl-1", "object": "text_completion", "model": body.get("model"), "choices": choices})


@dataclass
class FakeServer:
    url: str
    config: FakeConfig


@pytest.fixture()
def fake_server() -> Iterator[FakeServer]:
    """An OpenAI-compatible /v1/completions on a free 127.0.0.1 port, for this test only."""
    pytest.importorskip("httpx", reason="httpx (a spaCy/weasel dependency, and in interlang[llm]) is missing")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.config = FakeConfig()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield FakeServer(f"http://127.0.0.1:{server.server_address[1]}/v1", server.config)  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


class KeywordBackend:
    """In-process backend: a label's log-prob rises by 3 per mention of its cue word in the text."""

    kind = "fake"

    def __init__(self, cues: dict[str, str], *, echo: bool = True, answer: str = "") -> None:
        self.cues = cues
        self.echo = echo
        self.answer = answer
        self.calls = 0

    def token_logprobs(self, prompt: str, continuations: Sequence[str]) -> list[list[float]] | None:
        self.calls += 1
        if not self.echo:
            return None
        text = prompt.split("TEXT:\n", 1)[1].lower()
        out = []
        for cont in continuations:
            label = cont.strip()
            hits = text.count(self.cues.get(label, "\0"))
            out.append([-4.0 + 3.0 * hits, -0.5])  # two tokens per label
        return out

    def generate(self, prompt: str, max_tokens: int = 8) -> str:
        return self.answer

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind}


@pytest.fixture()
def keyword_backend() -> KeywordBackend:
    return KeywordBackend({"Spanish": "tapas", "German": "bratwurst", "Mandarin": "dumpling"})
