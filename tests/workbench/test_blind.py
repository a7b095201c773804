"""Blind annotation: nothing an annotator can fetch reveals the level, the source or others' work."""

from __future__ import annotations

import json

from .conftest import World

SECRET_LEVEL = "C2"
OTHER_COMMENT = "zzz-other-annotators-comment"
SOURCE = "Goethe-Institut C2 sample"


def _setup(w: World) -> int:
    t = w.text(level=SECRET_LEVEL, source=SOURCE, genre="news")
    w.assign(t["id"], "ann1", "ann2")
    r = w.client.post(f"/api/annotations/{t['id']}", json={"level": "B1", "comment": OTHER_COMMENT}, headers=w.h("ann2"))
    assert r.status_code == 201
    w.move(t["id"], "pending_review")
    # a reviewer computed a prediction: stored, must stay hidden too
    assert w.client.get(f"/api/texts/{t['id']}/review", headers=w.h("reviewer")).status_code == 200
    return int(t["id"])


def _everything_ann1_sees(w: World, text_id: int) -> list[tuple[str, int, str]]:
    h = w.h("ann1")
    seen = []
    for url in ("/api/me", "/api/annotations", f"/api/annotations/{text_id}", "/api/assignments",
                f"/api/assignments?text_id={text_id}", f"/api/texts/{text_id}", f"/api/texts/{text_id}/assessments",
                f"/api/texts/{text_id}/review", "/api/agreement", "/api/stats", "/api/export?format=json",
                f"/api/texts/{text_id}/audit", "/api/texts", f"/api/texts/{text_id}/segments"):
        r = w.client.get(url, headers=h)
        seen.append((url, r.status_code, r.text))
    r = w.client.post(f"/api/annotations/{text_id}", json={"level": "A2", "comment": "mine"}, headers=h)
    seen.append(("POST annotation", r.status_code, r.text))
    r = w.client.post("/api/predict", json={"text": "Das ist ein Test."}, headers=h)
    seen.append(("POST predict", r.status_code, r.text))
    # web pages too
    return seen


def test_annotator_never_sees_level_source_or_other_assessments(world: World) -> None:
    text_id = _setup(world)
    for url, status, body in _everything_ann1_sees(world, text_id):
        assert SECRET_LEVEL not in body, (url, status)
        assert OTHER_COMMENT not in body, (url, status)
        assert SOURCE not in body, (url, status)
        assert "pending_review" not in body, (url, status)  # not even the workflow state
        if status == 200:
            data = json.loads(body)
            items = data if isinstance(data, list) else [data]
            for item in items:
                assert "level" not in item or url == "POST annotation", (url, item)


def test_blind_view_has_text_and_features_only(world: World) -> None:
    text_id = _setup(world)
    view = world.client.get(f"/api/annotations/{text_id}", headers=world.h("ann1")).json()
    assert view["text"].startswith("Ich heiße Anna") and view["features"]["basic_words"] > 0
    assert view["my_assessment"] is None
    assert set(view) == {"text_id", "title", "text", "language", "genre", "topic", "register", "n_words",
                         "n_sentences", "features", "my_assessment", "open"}
    world.client.post(f"/api/annotations/{text_id}", json={"level": "A2", "comment": "mine"}, headers=world.h("ann1"))
    view = world.client.get(f"/api/annotations/{text_id}", headers=world.h("ann1")).json()
    assert view["my_assessment"] == {"level": "A2", "comment": "mine"}


def test_unassigned_text_is_not_found_for_annotator(world: World) -> None:
    text_id = _setup(world)
    r = world.client.get(f"/api/annotations/{text_id}", headers=world.h("ann3"))
    assert r.status_code == 404
    missing = world.client.get("/api/annotations/99999", headers=world.h("ann3"))
    assert missing.status_code == 404 and missing.json()["detail"] == r.json()["detail"].replace(str(text_id), "99999")
    assert world.client.post(f"/api/annotations/{text_id}", json={"level": "A1"}, headers=world.h("ann3")).status_code == 404


def test_web_annotation_page_is_blind(world: World) -> None:
    text_id = _setup(world)
    from .test_web import login

    client = login(world, "ann1")
    for url in ("/annotate", f"/annotate/{text_id}"):
        r = client.get(url)
        assert r.status_code == 200
        assert OTHER_COMMENT not in r.text and SOURCE not in r.text
        assert ">C2<" in r.text or url == "/annotate"  # the C2 *button* is there, nothing else
        assert "prediction" not in r.text.lower()
    assert client.get(f"/texts/{text_id}").status_code == 403


def test_reviewer_sees_everything(world: World) -> None:
    text_id = _setup(world)
    world.client.post(f"/api/annotations/{text_id}", json={"level": "B2"}, headers=world.h("ann1"))
    review = world.client.get(f"/api/texts/{text_id}/review", headers=world.h("reviewer")).json()
    assert {a["annotator"]: a["level"] for a in review["assessments"]} == {"ann1": "B2", "ann2": "B1"}
    assert review["agreement"]["spread"] == 1 and review["agreement"]["n_raters"] == 2
    assert review["prediction"]["available"] and review["prediction"]["level"] in ("A1", "A2", "B1", "B2", "C1", "C2")
    assert review["level"] == SECRET_LEVEL


def test_annotators_see_only_their_assignments(world: World) -> None:
    text_id = _setup(world)
    other = world.text()
    world.assign(other["id"], "ann2")
    mine = world.client.get("/api/assignments", headers=world.h("ann1")).json()
    assert [a["annotator_id"] for a in mine] == [world.ids["ann1"]] and mine[0]["text_id"] == text_id
    # the annotator_id filter cannot widen it
    assert world.client.get(f"/api/assignments?annotator_id={world.ids['ann2']}", headers=world.h("ann1")).json() == mine
    queue = world.client.get("/api/annotations", headers=world.h("ann2")).json()
    assert sorted(q["text_id"] for q in queue) == sorted([text_id, other["id"]])
    assert [q["done"] for q in sorted(queue, key=lambda q: q["text_id"])] == [True, False]
