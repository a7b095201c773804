"""The CEFR workbench under load: import, export in every format, /predict latency; and the
exporters alone at 10k / 100k texts.

    python benchmarks/workbench.py service [--texts 10000] [--analysed 200] [--predict 200]
                                           [--concurrency 1,4] [--time-limit 90] [--db sqlite,postgres]
    python benchmarks/workbench.py exporters [--sizes 10000,100000] [--formats json,csv,...]

``service``: a real server (uvicorn in a child process, 127.0.0.1 only) on a fresh database.
``--texts`` synthetic texts (seeded, varied by level and language) are imported over the API as
JSONL uploads of 2,000 rows *without* analysis (the import path: parsing, validation, database);
``--analysed`` more are imported with the analyser on (features computed per text, as
``interlang serve`` does) to give the analysed import rate. Every export format is then
downloaded over HTTP (streamed; time to first byte, total time, size) and ``/api/predict`` is hit
by ``--concurrency`` client threads (each value of the list in turn), ``--predict`` requests in all or ``--time-limit`` seconds,
whichever comes first (after three warm-up requests). ``postgres`` runs only when
``INTERLANG_TEST_POSTGRES_URL`` is set; it works in a throw-away schema that is dropped after.

``exporters``: each (size, format) in a fresh child process streams synthetic records straight
through the exporter (no database): seconds, output size and the child's peak RSS above its
peak before the first record (streaming ⇒ flat; /proc VmHWM, Linux). The records carry the
analyser's real feature values (computed once for 200 seed texts and reused).

Results are merged into ``benchmarks/results/workbench.json`` (a row replaces the stored row
with the same key; ``runs`` lists each command and machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _common import RESULTS, machine, print_table, write_results

FORMATS = ("json", "csv", "tsv", "xml", "turtle", "rdfxml", "xlsx", "ucefr")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
SEED = 13
PASSWORD = "benchmark-password"

# --- synthetic corpus ---------------------------------------------------------------------------

_WORDS = {
    "de": [
        "ich du er sie wir es ist hat und oder aber gut neu heute Haus Schule Kind Mutter Vater "
        "essen trinken gehen kommen spielen lernen Wasser Brot Stadt Freund",
        "gestern morgen Arbeit Urlaub Wetter Zug Bahnhof Geschäft kaufen besuchen wohnen Familie "
        "Woche Zimmer schreiben lesen Geburtstag Nachbar freundlich teuer billig",
        "weil obwohl deshalb Erfahrung Meinung Umwelt Gesellschaft entscheiden vergleichen "
        "Entwicklung Gesundheit Beziehung Vorteil Nachteil regelmäßig wahrscheinlich",
        "dennoch hingegen Voraussetzung Auswirkung berücksichtigen Verantwortung nachhaltig "
        "Wissenschaft Verhältnis gesellschaftlich wirtschaftlich Zusammenhang",
        "infolgedessen Gegebenheit Herausforderung Auseinandersetzung differenziert "
        "Rahmenbedingungen Wechselwirkung bemerkenswert vorausgesetzt",
        "nichtsdestotrotz Ambivalenz Paradigmenwechsel Ungleichgewicht unausweichlich "
        "Vergegenwärtigung Selbstverständlichkeit Erkenntnistheorie gleichwohl",
    ],
    "en": [
        "I you he she we it is has and or but good new today house school child mother father "
        "eat drink go come play learn water bread town friend",
        "yesterday tomorrow work holiday weather train station shop buy visit live family week "
        "room write read birthday neighbour friendly expensive cheap",
        "because although therefore experience opinion environment society decide compare "
        "development health relationship advantage disadvantage regularly probably",
        "nevertheless whereas prerequisite consequence consider responsibility sustainable "
        "science proportion societal economic relationship",
        "consequently circumstance challenge controversy nuanced framework interaction "
        "remarkable notwithstanding presumably",
        "notwithstanding ambivalence paradigm imbalance inevitable epistemology albeit "
        "self-evident juxtaposition idiosyncratic",
    ],
}
_GENRES = ("news", "blog", "story", "letter", "exam", "dialogue", "advertisement")
_TOPICS = ("education", "culture", "food", "travel", "health", "work", "environment", "biography")
_REGISTERS = ("informal", "neutral", "formal")


def synthetic_texts(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """``n`` varied texts: longer sentences, more sentences and rarer words as the level rises."""
    rng = random.Random(seed)
    pools = {lang: [p.split() for p in pools] for lang, pools in _WORDS.items()}
    for i in range(n):
        lang = rng.choice(("de", "en"))
        rank = rng.randrange(6)
        vocabulary = [w for p in pools[lang][: rank + 1] for w in p]
        sentences = []
        for _ in range(rng.randint(3 + rank, 5 + 2 * rank)):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(4 + 2 * rank, 7 + 4 * rank))]
            sentences.append(" ".join(words).capitalize() + rng.choice(".....!?"))
        yield {
            "title": f"Synthetic {lang} text {i}",
            "text": " ".join(sentences),
            "language": lang,
            "level": LEVELS[rank],
            "genre": rng.choice(_GENRES),
            "topic": rng.choice(_TOPICS),
            "register": rng.choice(_REGISTERS),
            "source": "benchmark",
            "split": rng.choices(("train", "dev", "test"), (8, 1, 1))[0],
        }


# --- service benchmark --------------------------------------------------------------------------

_SERVER = """
import sys, uvicorn
from interlang.workbench.app import create_app
from interlang.workbench.config import WorkbenchSettings
app = create_app(WorkbenchSettings(db_url=sys.argv[1], analyse=sys.argv[3] == "1", background_jobs=False))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``create_app`` under uvicorn in a child process, on 127.0.0.1 and a free port."""

    def __init__(self, db_url: str, analyse: bool) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, db_url, str(self.port), "1" if analyse else "0"],
        )
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                if httpx.get(self.url + "/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("the server did not answer within 120 s")

    def memory_mib(self) -> dict[str, float]:
        """Current and peak resident memory of the server process."""
        out = _memory_mib(self.process.pid)
        return {"rss_mib": round(out["VmRSS"], 1), "peak_rss_mib": round(out["VmHWM"], 1)}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _prepare_database(url: str) -> None:
    """Schema at head and an admin account for the benchmark."""
    from interlang.workbench import service
    from interlang.workbench.db.engine import make_engine, session_factory, upgrade

    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as db:
        service.create_user(db, "bench", PASSWORD, "admin")
    engine.dispose()


def _token(base: str) -> str:
    import httpx

    response = httpx.post(base + "/api/auth/token", json={"username": "bench", "password": PASSWORD})
    response.raise_for_status()
    return str(response.json()["access_token"])


def _import(base: str, headers: dict[str, str], texts: list[dict[str, Any]], batch: int) -> dict[str, Any]:
    import httpx

    created = errors = 0
    start = time.perf_counter()
    with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
        for i in range(0, len(texts), batch):
            body = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts[i : i + batch])
            response = client.post(
                "/api/texts/import",
                files={"file": ("texts.jsonl", body.encode("utf-8"), "application/x-ndjson")},
            )
            response.raise_for_status()
            result = response.json()
            created += result["n_created"]
            errors += result["n_errors"]
    seconds = time.perf_counter() - start
    return {
        "texts": created,
        "errors": errors,
        "seconds": round(seconds, 2),
        "texts_per_s": round(created / seconds, 1) if seconds else None,
    }


def _export(base: str, headers: dict[str, str], fmt: str) -> dict[str, Any]:
    import httpx

    size = 0
    first: float | None = None
    start = time.perf_counter()
    with (
        httpx.Client(base_url=base, headers=headers, timeout=600) as client,
        client.stream("GET", "/api/export", params={"format": fmt}) as response,
    ):
        response.raise_for_status()
        for chunk in response.iter_raw():
            if first is None:
                first = time.perf_counter() - start
            size += len(chunk)
    seconds = time.perf_counter() - start
    return {
        "format": fmt,
        "seconds": round(seconds, 2),
        "first_byte_s": round(first or seconds, 3),
        "mb": round(size / 1e6, 2),
        "mb_per_s": round(size / 1e6 / seconds, 2) if seconds else None,
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _predict_load(
    base: str, headers: dict[str, str], texts: list[dict[str, Any]], total: int, concurrency: int, limit_s: float
) -> dict[str, Any]:
    """``total`` POST /api/predict from ``concurrency`` threads, stopping at ``limit_s`` seconds."""
    import httpx

    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        for text in texts[:3]:  # warm-up: models load on first use
            client.post("/api/predict", json={"text": text["text"], "language": text["language"]}).raise_for_status()
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + limit_s

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                text = texts[i % len(texts)]
                start = time.perf_counter()
                response = client.post("/api/predict", json={"text": text["text"], "language": text["language"]})
                elapsed = time.perf_counter() - start
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                    else:
                        errors += 1

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    wall = time.perf_counter() - start
    words = statistics.mean(len(t["text"].split()) for t in texts)
    return {
        "requests": len(latencies),
        "errors": errors,
        "concurrency": concurrency,
        "mean_words": round(words, 1),
        "p50_ms": round(1000 * _percentile(latencies, 0.5), 1) if latencies else None,
        "p90_ms": round(1000 * _percentile(latencies, 0.9), 1) if latencies else None,
        "p99_ms": round(1000 * _percentile(latencies, 0.99), 1) if latencies else None,
        "req_per_s": round(len(latencies) / wall, 2) if wall else None,
        "wall_s": round(wall, 1),
    }


def _postgres_schema(url: str) -> tuple[str, str]:
    """A throw-away schema in the test database: (URL whose search_path is it, schema name)."""
    import sqlalchemy

    from interlang.workbench.db.engine import make_engine

    schema = f"bench_{os.getpid()}_{int(time.time())}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}", schema


def _drop_schema(url: str, schema: str) -> None:
    import sqlalchemy

    from interlang.workbench.db.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def run_service(db: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Import, exports and /predict on one database kind; rows for the results table."""
    corpus = list(synthetic_texts(args.texts + args.analysed))
    bulk, analysed = corpus[: args.texts], corpus[args.texts :]
    cleanup = None
    with tempfile.TemporaryDirectory(prefix="interlang-bench-") as tmp:
        if db == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'workbench.db'}"
        else:
            base_url = os.environ["INTERLANG_TEST_POSTGRES_URL"]
            url, schema = _postgres_schema(base_url)
            cleanup = (base_url, schema)
        try:
            _prepare_database(url)
            rows: list[dict[str, Any]] = []
            server = Server(url, analyse=False)
            try:
                headers = {"Authorization": f"Bearer {_token(server.url)}"}
                result = _import(server.url, headers, bulk, batch=2000)
                rows.append({"db": db, "step": "import (no analysis)", **result})
                print(rows[-1], flush=True)
            finally:
                server.stop()
            server = Server(url, analyse=True)
            try:
                headers = {"Authorization": f"Bearer {_token(server.url)}"}
                if analysed:
                    result = _import(server.url, headers, analysed, batch=100)
                    rows.append({"db": db, "step": "import (analysed)", **result})
                    print(rows[-1], flush=True)
                n_total = len(bulk) + len(analysed)
                for fmt in args.formats.split(","):
                    result = _export(server.url, headers, fmt)
                    rows.append({"db": db, "step": f"export {fmt}", "texts": n_total, **result})
                    print(rows[-1], flush=True)
                rows.append({"db": db, "step": "server memory after exports", **server.memory_mib()})
                queries = list(synthetic_texts(500, seed=SEED + 2))  # not the imported texts
                for concurrency in (int(c) for c in str(args.concurrency).split(",")):
                    load = _predict_load(
                        server.url, headers, queries, args.predict, concurrency, args.time_limit
                    )
                    rows.append({"db": db, "step": f"predict, {concurrency} client(s)", **load})
                    print(rows[-1], flush=True)
            finally:
                server.stop()
        finally:
            if cleanup is not None:
                _drop_schema(*cleanup)
    return rows


# --- exporters alone -----------------------------------------------------------------------------


def _feature_pool(n: int = 200) -> list[dict[str, Any]]:
    """Real analyser features of ``n`` synthetic texts (reused across the benchmark records)."""
    from interlang.analysis import analyze

    pool = []
    for text in synthetic_texts(n, seed=SEED + 1):
        data = analyze(text["text"], lang=text["language"], level=False).to_dict()
        flat: dict[str, Any] = {}
        for values in data["features"].values():
            flat.update(values)
        pool.append(flat)
    return pool


def _records(n: int, features: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for i, text in enumerate(synthetic_texts(n)):
        words = text["text"].split()
        half = " ".join(words[: len(words) // 2])
        yield {
            **text,
            "id": i + 1,
            "status": "approved",
            "created_at": "2026-11-25T12:00:00+00:00",
            "updated_at": "2026-11-25T12:30:00+00:00",
            "features": features[i % len(features)],
            "segments": [
                {"order": 1, "text": half, "level": text["level"]},
                {"order": 2, "text": " ".join(words[len(words) // 2 :]), "level": text["level"]},
            ],
            "final_level": text["level"],
            "n_assessments": 3,
            "prediction": {"model": "level-" + text["language"], "level": text["level"]},
        }


def _memory_mib(pid: int | str = "self") -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process in MiB, from /proc (Linux).

    Not ``getrusage``: its ``ru_maxrss`` survives ``exec``, so a child would report the
    parent's peak.
    """
    out = {"VmRSS": 0.0, "VmHWM": 0.0}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in out:
                out[key] = int(value.split()[0]) / 1024
    return out


def _child(fmt: str, n: int, pool_file: str) -> None:
    """One exporter run in this (fresh) process; prints a JSON line."""
    from interlang.workbench.exports import EXPORTERS

    features = json.loads(Path(pool_file).read_text(encoding="utf-8"))
    records = _records(n, features)
    first = next(records)
    exporter = EXPORTERS[fmt]
    stream = exporter.stream(iter([first]))
    for _ in stream:  # import the format's libraries before measuring memory
        pass
    before = _memory_mib()["VmHWM"]
    size = 0
    start = time.perf_counter()
    for chunk in exporter.stream(_records(n, features)):
        size += len(chunk)
    seconds = time.perf_counter() - start
    peak = _memory_mib()["VmHWM"]
    print(json.dumps({
        "format": fmt, "texts": n, "seconds": round(seconds, 2), "mb": round(size / 1e6, 1),
        "texts_per_s": round(n / seconds), "rss_before_mib": round(before, 1),
        "peak_rss_growth_mib": round(peak - before, 1),
    }))


def run_exporters(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="interlang-bench-") as tmp:
        pool_file = Path(tmp) / "features.json"
        pool_file.write_text(json.dumps(_feature_pool()), encoding="utf-8")
        for n in (int(s) for s in args.sizes.split(",")):
            for fmt in args.formats.split(","):
                out = subprocess.run(
                    [sys.executable, __file__, "_child", fmt, str(n), str(pool_file)],
                    capture_output=True, text=True, check=True,
                )
                row = {"part": "exporters", **json.loads(out.stdout.strip().splitlines()[-1])}
                rows.append(row)
                print(row, flush=True)
    return rows


# --- results -------------------------------------------------------------------------------------


def _stored() -> dict[str, Any]:
    path = RESULTS / "workbench.json"
    if not path.is_file():
        return {"runs": [], "service": [], "exporters": []}
    return json.loads(path.read_text(encoding="utf-8"))


def _merge(old: list[dict[str, Any]], new: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    fresh = {tuple(r.get(k) for k in key): r for r in new}
    return [r for r in old if tuple(r.get(k) for k in key) not in fresh] + list(fresh.values())


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        _child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="part", required=True)
    service = sub.add_parser("service")
    service.add_argument("--texts", type=int, default=10_000)
    service.add_argument("--analysed", type=int, default=200)
    service.add_argument("--predict", type=int, default=200)
    service.add_argument("--concurrency", default="1,4", help="client threads; a list runs each")
    service.add_argument("--time-limit", type=float, default=90.0)
    service.add_argument("--db", default="sqlite,postgres")
    service.add_argument("--formats", default=",".join(FORMATS))
    exporters = sub.add_parser("exporters")
    exporters.add_argument("--sizes", default="10000,100000")
    exporters.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args()

    stored = _stored()
    run = {
        "command": "python benchmarks/workbench.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],  # the CPUs are shared
    }
    payload = {**stored, "runs": [*stored.get("runs", []), run]}
    if args.part == "service":
        rows: list[dict[str, Any]] = []
        for db in args.db.split(","):
            if db == "postgres" and not os.environ.get("INTERLANG_TEST_POSTGRES_URL"):
                print("postgres: skipped (INTERLANG_TEST_POSTGRES_URL is not set)", flush=True)
                continue
            rows += run_service(db, args)
            payload["service"] = _merge(stored.get("service", []), rows, ("db", "step"))
            write_results("workbench", payload)
        print()
        print_table(
            payload["service"],
            ["db", "step", "texts", "seconds", "texts_per_s", "first_byte_s", "mb", "p50_ms", "p99_ms",
             "req_per_s", "peak_rss_mib"],
        )
    else:
        rows = run_exporters(args)
        payload["exporters"] = _merge(stored.get("exporters", []), rows, ("format", "texts"))
        write_results("workbench", payload)
        print()
        print_table(
            payload["exporters"],
            ["format", "texts", "seconds", "texts_per_s", "mb", "rss_before_mib", "peak_rss_growth_mib"],
        )


if __name__ == "__main__":
    main()
