"""Import: CSV, JSONL and Universal-CEFR JSON; good rows kept, bad rows reported; 413 for big files."""

from __future__ import annotations

import json
from typing import Any

from .conftest import World


def _upload(w: World, name: str, data: bytes, fmt: str | None = None, who: str = "reviewer") -> Any:
    form = {"format": fmt} if fmt else {}
    return w.client.post("/api/texts/import", files={"file": (name, data, "application/octet-stream")}, data=form,
                         headers=w.h(who))


def test_csv_with_bad_rows(world: World) -> None:
    data = (b"title,text,language,level,genre,domain,register,source,split\n"
            b"Gut,Ich wohne in Berlin.,de,A1,letter,family,informal,test,train\n"
            b"Leer,,de,A2,,,,,\n"
            b"Falsch,Der Satz ist gut.,de,Z7,,,,,\n"
            b'"Mehrzeilig","Erste Zeile.\nZweite Zeile.",de,b1+,,,,,\n'
            b"Sprache,Hello there.,english!,,,,,,\n")
    r = _upload(world, "texts.csv", data)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["format"] == "csv" and out["n_created"] == 2
    assert [(e["row"], e["reason"].split(" ")[0]) for e in out["errors"]] == [(3, "text"), (4, "level"), (7, "language")]
    first = world.client.get(f"/api/texts/{out['created'][0]}", headers=world.h("admin")).json()
    assert (first["level"], first["genre"], first["topic"], first["register"], first["split"]) == ("A1", "letter", "family", "informal", "train")
    assert first["status"] == "draft" and first["features"]["basic_words"] == 4
    second = world.client.get(f"/api/texts/{out['created'][1]}", headers=world.h("admin")).json()
    assert second["level"] == "B1" and "Zweite Zeile." in second["text"]


def test_jsonl(world: World) -> None:
    lines = [json.dumps({"text": "Das Wetter ist schön.", "lang": "de", "cefr": "A2"}), "{not json", "",
             json.dumps(["a list"]), json.dumps({"text": "Wir lernen Deutsch.", "language": "de"})]
    out = _upload(world, "t.jsonl", "\n".join(lines).encode()).json()
    assert out["n_created"] == 2
    assert [e["row"] for e in out["errors"]] == [2, 4]
    assert "invalid JSON" in out["errors"][0]["reason"]


def test_universal_cefr_json(world: World) -> None:
    docs = [
        {"title": "Brief", "lang": "de", "source_name": "ucefr-demo", "format": "letter", "category": "daily life",
         "cefr_level": "A2", "license": "CC BY", "text": "Liebe Oma, wie geht es dir?"},
        {"title": "kaputt", "lang": "de", "cefr_level": "A2"},
    ]
    out = _upload(world, "corpus.json", json.dumps(docs).encode()).json()
    assert out["n_created"] == 1 and out["errors"] == [{"row": 2, "reason": "text is empty"}]
    t = world.client.get(f"/api/texts/{out['created'][0]}", headers=world.h("admin")).json()
    assert (t["source"], t["genre"], t["topic"], t["level"]) == ("ucefr-demo", "letter", "daily life", "A2")


def test_whole_file_errors(world: World) -> None:
    assert _upload(world, "t.txt", b"hello").status_code == 422
    r = _upload(world, "t.csv", b"title,body2\nx,y\n")
    assert r.status_code == 422 and "no 'text' column" in r.json()["detail"]
    assert _upload(world, "t.csv", b"").status_code == 422
    r = _upload(world, "t.csv", "text\n\u00e9\n".encode("latin-1"))
    assert r.status_code == 422 and "not UTF-8" in r.json()["detail"]
    assert _upload(world, "t.json", b"{broken").status_code == 422


def test_oversized_upload_is_413(world: World) -> None:
    big = b"text\n" + (b"Ein Satz. " * 10_000)  # 100 kB > the test limit of 64 KiB
    r = _upload(world, "big.csv", big)
    assert r.status_code == 413
    assert "limit of 65,536 bytes" in r.json()["detail"] or "the limit is 65,536" in r.json()["detail"]
    assert world.client.get("/api/texts", headers=world.h("admin")).json()["total"] == 0


def test_annotators_cannot_import(world: World) -> None:
    assert _upload(world, "t.csv", b"text\nEin Satz.\n", who="ann1").status_code == 403


def test_large_import_is_analysed_in_the_background(tmp_path: Any) -> None:
    import time

    import pytest

    TestClient = pytest.importorskip("fastapi.testclient", reason="the workbench needs the [web] extra").TestClient

    from interlang.workbench import service
    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    app = create_app(WorkbenchSettings(db_url=f"sqlite:///{tmp_path / 'bg.db'}", models_dir=tmp_path / "m",
                                       inline_analysis_rows=2))
    with app.state.workbench.sessions() as db:
        token = service.issue_token(db, service.create_user(db, "rev", "password-1", "reviewer"))
    h = {"Authorization": f"Bearer {token}"}
    rows = "\n".join(json.dumps({"text": f"Wir lesen heute das Buch Nummer {i}.", "lang": "de"}) for i in range(4))
    with TestClient(app) as client:
        r = client.post("/api/texts/import", files={"file": ("t.jsonl", rows.encode(), "text/plain")}, headers=h)
        assert r.status_code == 200 and r.json()["analysis_queued"] == 4
        ids = r.json()["created"]
        # an edit while the text waits for analysis: the worker must neither lose it nor bump the version
        first = client.patch(f"/api/texts/{ids[0]}", json={"version": 1, "genre": "edited"}, headers=h).json()
        deadline = time.time() + 120
        texts: list[dict[str, Any]] = []
        while time.time() < deadline:
            texts = [client.get(f"/api/texts/{i}", headers=h).json() for i in ids]
            if all(t["analysis"] is not None for t in texts):
                break
            time.sleep(0.3)
        assert all(t["features"] and t["features"]["basic_words"] == 7 for t in texts)
        assert texts[0]["genre"] == "edited" and texts[0]["version"] == first["version"]


def test_restart_picks_up_unanalysed_texts(tmp_path: Any) -> None:
    from interlang.workbench import analysis_jobs, service
    from interlang.workbench.db.engine import make_engine, session_factory, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    upgrade(engine)
    factory = session_factory(engine)
    with factory() as db:
        user = service.create_user(db, "rev", "password-1", "reviewer")
        item = service.create_text(db, user, {"text": "Das ist ein kurzer Satz.", "language": "de"}, analyse=False)
        assert analysis_jobs.pending_ids(db) == [item.id]
    assert analysis_jobs.analyse_texts(factory, [item.id]) == 1
    with factory() as db:
        assert analysis_jobs.pending_ids(db) == []
        stored = db.get(type(item), item.id)
        assert stored is not None and stored.features and stored.version == 1
        assert service.latest_predictions(db, [item.id])[item.id].model == "difficulty-de"
    assert analysis_jobs.analyse_texts(factory, [item.id]) == 0  # already done
    engine.dispose()


def test_exact_field_names_beat_aliases_whatever_the_order() -> None:
    from interlang.workbench.importing import _normalise

    row = {"format": "essay-format", "category": "cat", "genre": "letter", "topic": "travel", "text": "Hallo."}
    assert _normalise(row) == {"genre": "letter", "topic": "travel", "text": "Hallo."}
    assert _normalise({"format": "essay", "text": "x"})["genre"] == "essay"
