"""``interlang score``: the accounting line, --strict, and --resume after a real SIGKILL."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import interlang

SRC = str(Path(interlang.__file__).resolve().parents[1])
EN = ["I live in London and I like it very much.", "My family is big and we have a dog.",
      "Yesterday I went to the cinema with my friends.", "The weather was bad so we stayed at home.",
      "I think that learning languages is important for my work."]
DE = ["Ich wohne in Berlin und die Stadt ist schön.", "Mein Bruder spielt gern Fußball.",
      "Gestern habe ich einen Kuchen gebacken.", "Wir fahren im Sommer ans Meer."]
N_ROWS = 400


def generated_csv(path: Path, n: int = N_ROWS) -> Path:
    """Short de/en texts, plus an empty text, a French one and a text spanning two lines."""
    rng = random.Random(7)
    lines = ["id,text,language"]
    for i in range(n):
        if i == 5:
            lines.append(f"t{i},,en")
        elif i == 50:
            lines.append(f't{i},"Bonjour, je m\'appelle Marie et j\'habite à Paris.",fr')
        elif i == 90:
            lines.append(f't{i},"{EN[0]}\n{EN[1]}",en')
        elif i % 2:
            lines.append(f't{i},"{" ".join(rng.sample(EN, 3))}",en')
        else:
            lines.append(f't{i},"{" ".join(rng.sample(DE, 3))}",de')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-m", "interlang.cli", "score", *args], env=env,
                            start_new_session=True, **kwargs)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The generated input and the output of one uninterrupted ``--jobs 1`` run of it."""
    folder = tmp_path_factory.mktemp("score")
    src = generated_csv(folder / "essays.csv")
    ref = folder / "reference.jsonl"
    proc = cli([str(src), "--out", str(ref), "--jobs", "1", "--json"], stdout=subprocess.DEVNULL,
               stderr=subprocess.PIPE)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return src, ref


def killed_run(src: Path, out: Path, args: list[str], min_lines: int = 40) -> bytes:
    """Start a real ``interlang score``, SIGKILL it once OUT holds ``min_lines`` rows."""
    with (out.parent / f"{out.name}.stderr").open("wb") as err:
        proc = cli([str(src), "--out", str(out), "--json", *args], stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 90
        try:
            while not out.exists() or out.read_bytes().count(b"\n") < min_lines:
                assert proc.poll() is None, "the run ended before it could be killed"
                assert time.monotonic() < deadline, "no rows within 90 s"
                time.sleep(0.01)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the pool's or the cluster's processes
    assert proc.returncode == -signal.SIGKILL
    return out.read_bytes()


@pytest.mark.parametrize("args", [["--jobs", "1"], ["--jobs", "2"]], ids=["jobs1", "jobs2"])
def test_killed_run_resumed_equals_an_uninterrupted_run(corpus: tuple[Path, Path], tmp_path: Path,
                                                        run_cli, args: list[str]) -> None:
    check_kill_and_resume(corpus, tmp_path, run_cli, args)


@pytest.mark.slow
def test_killed_dask_run_resumed_equals_an_uninterrupted_run(corpus: tuple[Path, Path], tmp_path: Path,
                                                             run_cli) -> None:
    pytest.importorskip("distributed")
    check_kill_and_resume(corpus, tmp_path, run_cli, ["--runner", "dask", "--jobs", "2"])


def check_kill_and_resume(corpus: tuple[Path, Path], tmp_path: Path, run_cli, args: list[str]) -> None:
    src, ref = corpus
    out = tmp_path / "scores.jsonl"
    partial = killed_run(src, out, args)
    reference = ref.read_bytes()
    assert partial.endswith(b"\n") and reference.startswith(partial), "whole lines, a prefix of the full output"
    assert all(json.loads(line)["id"] for line in partial.splitlines())
    assert len(partial.splitlines()) < N_ROWS - 2
    assert json.loads((tmp_path / "scores.jsonl.meta.json").read_text())["complete"] is False

    code, _, err = run_cli(["score", str(src), "--out", str(out), *args])
    assert code == 2 and "interrupted run" in err and "--resume" in err, "no accidental overwrite"
    assert out.read_bytes() == partial

    code, stdout, err = run_cli(["score", str(src), "--out", str(out), "--resume", "--json", *args])
    assert code == 0, err
    assert out.read_bytes() == reference
    resumed = len(partial.splitlines())
    assert (f"rows read {N_ROWS} = scored {N_ROWS - 2} ({resumed} already in the output, "
            f"{N_ROWS - 2 - resumed} now) + skipped 2 [essays.csv row 7, essays.csv (essays/t50)]") in err
    assert "401 physical lines" in err  # the text on two lines
    summary = json.loads(stdout)
    assert summary["n_resumed"] == resumed and summary["n_skipped"] == 2
    assert json.loads((tmp_path / "scores.jsonl.meta.json").read_text())["complete"] is True
    assert (tmp_path / "scores.jsonl.skipped.csv").read_text() == ref.with_name(ref.name + ".skipped.csv").read_text()


def test_a_torn_last_line_is_cut_on_resume(corpus: tuple[Path, Path], tmp_path: Path, run_cli) -> None:
    src, ref = corpus
    out = tmp_path / "scores.jsonl"
    reference = ref.read_bytes()
    (tmp_path / "scores.jsonl.meta.json").write_bytes(ref.with_name(ref.name + ".meta.json").read_bytes())
    cut = reference.index(b"\n", len(reference) // 2) + 30  # half-way, into a line
    out.write_bytes(reference[:cut])
    code, _, err = run_cli(["score", str(src), "--out", str(out), "--resume", "--jobs", "1"])
    assert code == 0, err
    assert out.read_bytes() == reference


def test_resume_with_other_options_is_refused(corpus: tuple[Path, Path], tmp_path: Path, run_cli) -> None:
    src, ref = corpus
    out = tmp_path / "scores.jsonl"
    head = b"".join(ref.read_bytes().splitlines(keepends=True)[:10])
    out.write_bytes(head)
    (tmp_path / "scores.jsonl.meta.json").write_bytes(ref.with_name(ref.name + ".meta.json").read_bytes())
    code, _, err = run_cli(["score", str(src), "--out", str(out), "--resume", "--lang", "en", "-j", "1"])
    assert code == 2
    assert err.strip().splitlines() == [
        f"error: cannot resume {out}: options.lang (was None, now 'en') differs from the interrupted run; "
        "run without --resume (and with --overwrite) to start again"]
    code, _, err = run_cli(["score", str(src), "--out", str(out), "--resume", "--features", "-j", "1"])
    assert code == 2 and "cannot resume" in err and "options.features (was False, now True)" in err
    other = generated_csv(tmp_path / "essays.csv", n=20)
    code, _, err = run_cli(["score", str(other), "--out", str(out), "--resume", "-j", "1"])
    assert code == 2 and "input." in err
    assert out.read_bytes() == head, "a refused resume leaves OUT as it was"


def essays_csv(tmp_path: Path) -> Path:
    src = tmp_path / "essays.csv"
    src.write_text(
        "id,text,language\n"
        'a1,"Ich wohne in Berlin. Die Stadt ist groß und schön.\nIch habe viele Freunde.",de\n'
        "a2,,de\n"
        "\n"
        'a3,"I live in London and I like it very much because the people are nice.",en\n'
        'a4,"a broken row",en,unexpected\n'
        'a5,"Bonjour, je m\'appelle Marie et j\'habite à Paris.",fr\n',
        encoding="utf-8",
    )
    return src


def test_accounting_line_names_skipped_rows_and_physical_lines(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "scores.jsonl"
    code, _, err = run_cli(["score", str(essays_csv(tmp_path)), "--out", str(out), "-j", "1"])
    assert code == 0, err
    line = next(line for line in err.splitlines() if line.startswith("rows read"))
    assert line.startswith("rows read 5 = scored 2 + skipped 3 "
                           "[essays.csv row 4, essays.csv row 7, essays.csv (essays/a5)]")  # a1 spans lines 2-3
    assert line.endswith("the input has 7 physical lines besides headers (multi-line fields and blank lines are not rows)")


def test_strict_fails_naming_the_row_and_leaves_no_output(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "scores.jsonl"
    code, _, err = run_cli(["score", str(essays_csv(tmp_path)), "--out", str(out), "-j", "1", "--strict", "--json"])
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: --strict: 3 row(s) skipped: ")
    assert "essays.csv row 4, essays.csv row 7" in err and "(first: empty or missing 'text')" in err
    assert not out.exists() and not (tmp_path / "scores.jsonl.meta.json").exists()
    assert "essays.csv" in (tmp_path / "scores.jsonl.skipped.csv").read_text()

    clean = tmp_path / "clean.csv"
    clean.write_text('id,text,language\nb1,"I live in London and I like it very much.",en\n', encoding="utf-8")
    code, _, err = run_cli(["score", str(clean), "--out", str(out), "-j", "1", "--strict"])
    assert code == 0 and "rows read 1 = scored 1 + skipped 0" in err
    assert len(out.read_text().splitlines()) == 1


def test_overwrite_replaces_an_interrupted_output(tmp_path: Path, run_cli) -> None:
    src = essays_csv(tmp_path)
    out = tmp_path / "scores.jsonl"
    code, _, _ = run_cli(["score", str(src), "--out", str(out), "-j", "1"])
    full = out.read_bytes()
    meta = json.loads((tmp_path / "scores.jsonl.meta.json").read_text())
    (tmp_path / "scores.jsonl.meta.json").write_text(json.dumps({**meta, "complete": False}))
    out.write_bytes(full.splitlines(keepends=True)[0])
    code, _, err = run_cli(["score", str(src), "--out", str(out), "-j", "1", "--overwrite"])
    assert code == 0, err
    assert out.read_bytes() == full
    code, _, err = run_cli(["score", str(src), "--out", str(out), "--resume", "--overwrite"])
    assert code == 2 and "contradict" in err
