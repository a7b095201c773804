"""Streamed exports with filters, statistics (JSON + XLSX) and the Universal-CEFR round trip via the API."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import World


def _corpus(w: World) -> dict[str, int]:
    ids = {}
    ids["a1"] = w.text(title="Eins", genre="news", topic="family", register="informal", split="train", level="A1")["id"]
    ids["b2"] = w.text(title="Zwei", genre="blog", topic="work", register="formal", split="test",
                       text="=HYPERLINK(\"http://evil\") Wir arbeiten viel.")["id"]
    ids["draft"] = w.text(title="Drei", genre="news", topic="sport")["id"]
    w.move(ids["a1"], "pending_review", "approved", level="A1")
    w.move(ids["b2"], "pending_review", "approved", level="B2")
    return ids


FORMATS = ["json", "csv", "tsv", "xml", "turtle", "rdfxml", "xlsx", "ucefr"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_streams(world: World, fmt: str) -> None:
    _corpus(world)
    r = world.client.get(f"/api/export?format={fmt}&status=approved", headers=world.h("reviewer"))
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    body = r.content
    if fmt == "xlsx":
        assert body[:2] == b"PK"
    else:
        text = body.decode("utf-8-sig")
        assert "Wir arbeiten viel." in text and "Drei" not in text


def test_filters_and_minimal(world: World) -> None:
    ids = _corpus(world)
    h = world.h("reviewer")
    rows = json.loads(world.client.get("/api/export?format=json&genre=news", headers=h).content)
    assert sorted(r["id"] for r in rows) == sorted([ids["a1"], ids["draft"]])
    full = json.loads(world.client.get("/api/export?format=json&level=B2", headers=h).content)
    assert [r["id"] for r in full] == [ids["b2"]]
    assert full[0]["final_level"] == "B2" and full[0]["features"]["basic_words"] > 0
    for key, value, expected in (("register", "formal", ["b2"]), ("topic", "family", ["a1"]), ("split", "train", ["a1"]),
                                 ("status", "draft", ["draft"])):
        got = json.loads(world.client.get(f"/api/export?format=json&{key}={value}", headers=h).content)
        assert [r["id"] for r in got] == [ids[e] for e in expected], key
    minimal = json.loads(world.client.get("/api/export?format=json&level=B2&minimal=true", headers=h).content)
    assert "features" not in minimal[0] and minimal[0]["text"].endswith("Wir arbeiten viel.")
    assert world.client.get("/api/export?format=docx", headers=h).status_code == 422
    assert world.client.get("/api/export?format=json&status=nope", headers=h).status_code == 422


def test_csv_export_is_formula_safe(world: World) -> None:
    _corpus(world)
    body = world.client.get("/api/export?format=csv&level=B2", headers=world.h("reviewer")).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(body)) if "arbeiten" in r["text"])
    assert not row["text"].startswith("=")


def test_ucefr_round_trip(world: World) -> None:
    _corpus(world)
    exported = world.client.get("/api/export?format=ucefr&status=approved", headers=world.h("reviewer")).content
    r = world.client.post("/api/texts/import", files={"file": ("back.json", exported, "application/json")},
                          headers=world.h("reviewer"))
    assert r.status_code == 200 and r.json()["n_created"] == 2 and r.json()["errors"] == []
    levels = sorted(t["level"] for t in world.client.get("/api/texts?status=draft", headers=world.h("admin")).json()["items"]
                    if t["title"] in ("Eins", "Zwei"))
    assert levels == ["A1", "B2"]


def test_stats_and_xlsx(world: World) -> None:
    ids = _corpus(world)
    world.assign(ids["draft"], "ann1", "ann2")
    world.client.post(f"/api/annotations/{ids['draft']}", json={"level": "A2"}, headers=world.h("ann1"))
    world.client.post(f"/api/annotations/{ids['draft']}", json={"level": "B1"}, headers=world.h("ann2"))
    stats = world.client.get("/api/stats", headers=world.h("reviewer")).json()
    assert stats["totals"]["texts"] == 3 and stats["totals"]["assessments"] == 2
    per_level = {row["level"]: row["texts"] for row in stats["levels"]}
    assert per_level["A1"] == 1 and per_level["B2"] == 1
    assert {f["value"]: f["texts"] for f in stats["by_genre"]} == {"news": 2, "blog": 1}
    assert stats["confusion"]["n"] == 2  # shipped-model predictions were stored at ingestion
    only = world.client.get("/api/stats?status=approved", headers=world.h("reviewer")).json()
    assert only["totals"]["texts"] == 2
    xlsx = world.client.get("/api/stats.xlsx", headers=world.h("reviewer"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
