"""Status workflow, audit log, optimistic locking, segmentation, activities and assignment strategies."""

from __future__ import annotations

import threading
from typing import Any

from .conftest import World

LONG = ("Der Hund läuft schnell über die große Wiese. Die Kinder lachen laut und spielen Ball.\n\n"
        "Am Abend gehen alle nach Hause. Die Mutter kocht Suppe, und der Vater liest die Zeitung.\n\n"
        "Später schlafen alle ruhig und träumen von einem schönen Tag am See.")


def _transition(w: World, text_id: int, to: str, **body: Any) -> Any:
    return w.client.post(f"/api/texts/{text_id}/transition", json={"to": to, **body}, headers=w.h("reviewer"))


def test_features_stored_on_ingestion(world: World) -> None:
    t = world.text(genre="news", topic="family", register="informal", source="test")
    assert t["status"] == "draft" and t["version"] == 1
    features = t["features"]
    for name in ("read_flesch_amstad", "div_mtld", "vocab_pct_a1", "basic_words"):
        assert name in features
    assert features["basic_words"] == t["analysis"]["n_words"] == 12
    assert t["analysis"]["n_sentences"] == 3
    assert t["analysis"]["vocabulary_profile"]["A1"] >= 1


def test_unsupported_language_is_stored_with_the_reason(world: World) -> None:
    t = world.text(text="Ceci est un texte.", language="fr")
    assert t["features"] is None and "not supported" in t["analysis"]["error"]


LEGAL = [("draft", "pending_review"), ("pending_review", "approved"), ("pending_review", "rejected"),
         ("rejected", "draft")]
PATHS = {"draft": [], "pending_review": ["pending_review"], "approved": ["pending_review", "approved"],
         "rejected": ["pending_review", "rejected"]}


STATES = ["draft", "pending_review", "approved", "rejected"]


def test_transitions(world: World) -> None:
    """Every (from, to) pair of the 16: the four legal moves succeed, the others are 409 and change nothing."""
    for start in STATES:
        for to in STATES:
            t = world.text(text=f"Ich gehe heute von {start} nach {to}.")
            world.move(t["id"], *PATHS[start])
            r = _transition(world, t["id"], to, level="B1")
            if (start, to) in LEGAL:
                assert r.status_code == 200, (start, to, r.text)
                assert r.json()["status"] == to
            else:
                assert r.status_code == 409, (start, to, r.text)
                assert f"is {start}" in r.json()["detail"]
                assert world.client.get(f"/api/texts/{t['id']}", headers=world.h("admin")).json()["status"] == start


def test_unknown_status_is_422(world: World) -> None:
    t = world.text()
    assert _transition(world, t["id"], "published").status_code == 422


def test_approval_sets_final_level_and_audit(world: World) -> None:
    t = world.text()
    world.assign(t["id"], "ann1", "ann2")
    for who, level in (("ann1", "B1"), ("ann2", "B2")):
        assert world.client.post(f"/api/annotations/{t['id']}", json={"level": level}, headers=world.h(who)).status_code == 201
    assert _transition(world, t["id"], "pending_review").status_code == 200
    r = _transition(world, t["id"], "approved")
    assert r.status_code == 422 and "final level" in r.json()["detail"]
    r = _transition(world, t["id"], "approved", level="B1", comment="adjudicated")
    assert r.status_code == 200 and r.json()["level"] == "B1"
    audit = world.client.get(f"/api/texts/{t['id']}/audit", headers=world.h("admin")).json()
    steps = [(a["action"], a["from_status"], a["to_status"]) for a in audit]
    assert steps == [("create", None, "draft"), ("status", "draft", "pending_review"),
                     ("status", "pending_review", "approved")]
    last = audit[-1]
    assert last["user_id"] == world.ids["reviewer"] and last["created_at"]
    assert last["detail"]["final_level"] == "B1"
    assert last["detail"]["assessments"] == {"ann1": "B1", "ann2": "B2"}
    # assessments close with approval
    r = world.client.post(f"/api/annotations/{t['id']}", json={"level": "C1"}, headers=world.h("ann1"))
    assert r.status_code == 409


def test_stale_version_is_409_and_nothing_is_lost(world: World) -> None:
    t = world.text()
    h = world.h("reviewer")
    first = world.client.patch(f"/api/texts/{t['id']}", json={"version": 1, "genre": "news"}, headers=h)
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = world.client.patch(f"/api/texts/{t['id']}", json={"version": 1, "topic": "sport"}, headers=world.h("admin"))
    assert stale.status_code == 409
    assert stale.json()["info"]["current_version"] == 2
    now = world.client.get(f"/api/texts/{t['id']}", headers=h).json()
    assert now["genre"] == "news" and now["topic"] is None and now["version"] == 2
    missing = world.client.patch(f"/api/texts/{t['id']}", json={"genre": "x"}, headers=h)
    assert missing.status_code == 422


def test_concurrent_edits_one_wins_one_conflicts(world: World) -> None:
    t = world.text()
    results: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def edit(who: str, field: str) -> None:
        barrier.wait()
        r = world.client.patch(f"/api/texts/{t['id']}", json={"version": 1, field: who}, headers=world.h(who))
        results[who] = r.status_code

    threads = [threading.Thread(target=edit, args=("admin", "genre")), threading.Thread(target=edit, args=("reviewer", "topic"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results.values()) == [200, 409], results
    winner = next(k for k, v in results.items() if v == 200)
    now = world.client.get(f"/api/texts/{t['id']}", headers=world.h("admin")).json()
    assert now["version"] == 2
    assert (now["genre"], now["topic"]) == (("admin", None) if winner == "admin" else (None, "reviewer"))


def test_editing_text_recomputes_features(world: World) -> None:
    t = world.text()
    r = world.client.patch(f"/api/texts/{t['id']}", json={"version": 1, "text": LONG}, headers=world.h("admin"))
    assert r.status_code == 200
    assert r.json()["features"]["basic_words"] > t["features"]["basic_words"]


def test_segmentation(world: World) -> None:
    t = world.text(text=LONG, genre="story", topic="family")
    url = f"/api/texts/{t['id']}/segments"
    assert world.client.post(url, json={"mode": "sentences"}, headers=world.h("admin")).status_code == 409
    world.move(t["id"], "pending_review", "approved", level="A2")
    r = world.client.post(url, json={"mode": "sentences", "size": 2}, headers=world.h("admin"))
    assert r.status_code == 201, r.text
    segs = r.json()
    assert [s["order"] for s in segs] == list(range(1, len(segs) + 1)) and len(segs) == 3
    assert segs[0]["text"].startswith("Der Hund") and segs[0]["inherited"]["genre"] == "story"
    assert segs[0]["inherited"]["level"] == "A2" and segs[0]["level"] is None
    r = world.client.post(url, json={"mode": "paragraphs"}, headers=world.h("admin"))
    assert len(r.json()) == 3
    seg = r.json()[1]
    assert world.client.patch(f"/api/segments/{seg['id']}", json={"level": "A1"}, headers=world.h("reviewer")).json()["level"] == "A1"
    assert world.client.patch(f"/api/segments/{seg['id']}", json={"level": "Z9"}, headers=world.h("reviewer")).status_code == 422
    r = world.client.post(url, json={"mode": "manual", "parts": ["Der Hund läuft schnell über die große Wiese.", "Am Abend"]},
                          headers=world.h("admin"))
    assert r.status_code == 201 and [s["text"] for s in r.json()][1] == "Am Abend"
    bad = world.client.post(url, json={"mode": "manual", "parts": ["nicht im Text"]}, headers=world.h("admin"))
    assert bad.status_code == 422 and "part 1" in bad.json()["detail"]
    listed = world.client.get(url, headers=world.h("reviewer")).json()
    assert len(listed) == 2
    short = world.text(text="Kurz.")
    world.move(short["id"], "pending_review", "approved")
    assert world.client.post(f"/api/texts/{short['id']}/segments", json={}, headers=world.h("admin")).status_code == 422


def test_activities(world: World) -> None:
    t = world.text()
    h = world.h("reviewer")
    r = world.client.post("/api/activities", json={"text_id": t["id"], "title": "Fragen", "level": "b1+",
                                                   "instructions": "Beantworte die Fragen."}, headers=h)
    assert r.status_code == 201 and r.json()["level"] == "B1"
    aid = r.json()["id"]
    assert world.client.post("/api/activities", json={"text_id": t["id"], "title": "x", "level": "Q"}, headers=h).status_code == 422
    assert world.client.post("/api/activities", json={"text_id": 999, "title": "x", "level": "A1"}, headers=h).status_code == 404
    assert world.client.patch(f"/api/activities/{aid}", json={"level": "C1"}, headers=h).json()["level"] == "C1"
    assert [a["id"] for a in world.client.get(f"/api/activities?text_id={t['id']}", headers=h).json()] == [aid]
    assert world.client.get("/api/activities?level=A1", headers=h).json() == []
    assert world.client.delete(f"/api/activities/{aid}", headers=h).status_code == 204
    assert world.client.get(f"/api/activities/{aid}", headers=h).status_code == 404


def test_auto_assignment_reaches_k_and_balances_load(world: World) -> None:
    texts = [world.text()["id"] for _ in range(4)]
    for tid in texts:
        world.move(tid, "pending_review")
    world.assign(texts[0], "ann1")  # ann1 starts with one open item
    r = world.client.post("/api/assignments/auto", json={"k": 2}, headers=world.h("reviewer"))
    assert r.status_code == 201
    rows = world.client.get("/api/assignments", headers=world.h("admin")).json()
    per_text: dict[int, set[int]] = {}
    load: dict[int, int] = {}
    for a in rows:
        per_text.setdefault(a["text_id"], set()).add(a["annotator_id"])
        load[a["annotator_id"]] = load.get(a["annotator_id"], 0) + 1
    assert all(len(per_text[t]) == 2 for t in texts)
    assert max(load.values()) - min(load.values()) <= 1, load
    again = world.client.post("/api/assignments/auto", json={"k": 2}, headers=world.h("reviewer"))
    assert again.json() == []  # already at k: nothing new
    too_many = world.client.post("/api/assignments/auto", json={"k": 4}, headers=world.h("reviewer"))
    assert too_many.status_code == 422 and "only 3 active annotators" in too_many.json()["detail"]
    not_annotator = world.client.post("/api/assignments", json={"text_id": texts[0], "annotator_ids": [world.ids["reviewer"]]},
                                      headers=world.h("reviewer"))
    assert not_annotator.status_code == 422


def test_list_filters(world: World) -> None:
    world.text(genre="news", level="A1")
    world.text(genre="blog", level="B2")
    world.text(genre="news", level="C1")
    h = world.h("reviewer")
    assert world.client.get("/api/texts?genre=news", headers=h).json()["total"] == 2
    assert world.client.get("/api/texts?level=A1,B2", headers=h).json()["total"] == 2
    assert world.client.get("/api/texts?status=approved", headers=h).json()["total"] == 0
    assert world.client.get("/api/texts?status=bogus", headers=h).status_code == 422


def test_agreement_endpoint(world: World) -> None:
    plan = {"ann1": ["A1", "B1", "B2", "C1"], "ann2": ["A1", "B2", "B2", "A2"], "ann3": ["A2", "B1", "B2", "C1"]}
    ids = [world.text()["id"] for _ in range(4)]
    for i, tid in enumerate(ids):
        world.assign(tid, "ann1", "ann2", "ann3")
        for who, levels in plan.items():
            world.client.post(f"/api/annotations/{tid}", json={"level": levels[i]}, headers=world.h(who))
    r = world.client.get("/api/agreement", headers=world.h("reviewer")).json()
    assert r["n_texts"] == 4 and r["n_annotators"] == 3
    assert r["fleiss_kappa"]["value"] is not None and r["fleiss_kappa"]["label"]
    assert r["weighted_kappa_linear"]["value"] is not None
    assert r["disagreements"][0]["text_id"] == ids[3]  # A2 vs C1: the widest spread comes first
