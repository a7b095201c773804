"""``interlang train|evaluate|explain`` with ``--model llm`` against the fake server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

CUES = {"Spanish": "tapas", "German": "bratwurst"}


def _corpus(path: Path) -> Path:
    target = path / "mini.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "language", "l1", "cefr"])
        writer.writeheader()
        for l1, cue in CUES.items():
            for i in range(20):
                writer.writerow({"id": f"{l1}{i}", "text": f"Text {i}. I like {cue} a lot. Really.",
                                 "language": "en", "l1": l1, "cefr": "B1" if l1 == "Spanish" else "B2"})
    return target


def test_train_evaluate_explain_l1(run_cli, fake_server, tmp_path: Path) -> None:
    fake_server.config.cues = CUES
    corpus, out = _corpus(tmp_path), tmp_path / "bundle"
    code, stdout, stderr = run_cli(["train", "l1", "--corpus", str(corpus), "--model", "llm", "--endpoint",
                                    fake_server.url, "--option", "limit=4", "--option", "model=fake",
                                    "--out", str(out)])
    assert code == 0, stderr
    assert "labels German, Spanish" in stdout and "top1 1.000" in stdout
    assert json.loads((out / "bundle.json").read_text())["extra"]["family"] == "llm"

    code, stdout, stderr = run_cli(["evaluate", "--model", str(out), "--corpus", str(corpus), "--json"])
    assert code == 0, stderr
    scores = json.loads(stdout)
    assert scores["n"] == 40 and scores["top1"] == 1.0 and scores["model"] == "l1-mini-llm"

    code, stdout, stderr = run_cli(["explain", "We had bratwurst. It rained.", "--model", str(out), "--json"])
    assert code == 0, stderr
    result = json.loads(stdout)
    assert result["label"] == "German"
    assert result["evidence"][0]["span"] == "We had bratwurst."


def test_unreachable_server_is_one_line_error(run_cli, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, _, stderr = run_cli(["train", "level", "--corpus", str(_corpus(tmp_path)), "--model", "llm",
                               "--endpoint", f"http://127.0.0.1:{port}/v1", "--option", "retries=0",
                               "--option", "model=m", "--out", str(tmp_path / "b")])
    assert code != 0
    assert f"cannot reach the LLM server at http://127.0.0.1:{port}/v1/completions" in stderr
    assert "Traceback" not in stderr
