"""The text and annotation pages label features with the registry's title, unit and description."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from .conftest import World
from .test_web import login


class _FeatureTable(HTMLParser):
    """Each row of ``table.features``: its data-feature name, visible title, description and value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, str]] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-feature"):
            self.rows.append({"name": a["data-feature"] or "", "title": "", "help": "", "value": ""})
        classes = (a.get("class") or "").split()
        for cls, field in (("feature-title", "title"), ("feature-help", "help"), ("feature-value", "value")):
            if cls in classes and self.rows:
                self._field = field

    def handle_endtag(self, tag: str) -> None:
        closes_label = tag in ("span", "div") and self._field in ("title", "help")
        if closes_label or tag == "td":
            self._field = None

    def handle_data(self, data: str) -> None:
        if self._field and self.rows:
            self.rows[-1][self._field] += data


def _rows(html: str) -> list[dict[str, str]]:
    parser = _FeatureTable()
    parser.feed(html)
    return [{k: " ".join(v.split()) for k, v in row.items()} for row in parser.rows]


def _visible_table_text(html: str) -> str:
    table = re.search(r'<table class="features">.*?</table>', html, re.S)
    assert table is not None
    return re.sub(r"<[^>]+>", " ", table.group(0))


def _check(html: str, stored: dict[str, Any]) -> None:
    from interlang.features import list_features

    registry = {f.name: f for f in list_features()}
    rows = _rows(html)
    assert len(rows) >= 10
    visible = _visible_table_text(html)
    for row in rows:
        feature = registry[row["name"]]
        assert row["title"] == feature.title and row["title"] != row["name"]
        assert row["help"] == " ".join(feature.description.split())
        value = stored[row["name"]]
        assert (feature.format_value(float(value)) if value is not None else "–") in row["value"]
        assert f">{row['name']}<" not in html  # never the raw name as a cell's text
        assert re.search(rf"(?<![\w]){re.escape(row['name'])}(?![\w])", visible.replace(feature.description, "")) is None
    words = next(r for r in rows if r["name"] == "basic_words")
    assert words["value"].endswith("words")  # the unit is shown


def test_reviewer_text_view_shows_readable_feature_labels(world: World) -> None:
    text = world.text()
    page = login(world, "reviewer").get(f"/texts/{text['id']}")
    assert page.status_code == 200
    _check(page.text, text["features"])


def test_annotator_view_shows_readable_feature_labels(world: World) -> None:
    text = world.text()
    world.assign(text["id"], "ann1")
    page = login(world, "ann1").get(f"/annotate/{text['id']}")
    assert page.status_code == 200
    _check(page.text, text["features"])


def test_json_and_exports_keep_the_raw_names(world: World) -> None:
    text = world.text()
    api = world.client.get(f"/api/texts/{text['id']}", headers=world.h("admin")).json()
    assert "read_wstf" in api["features"] and "basic_words" in api["features"]
    export = world.client.get("/api/export?format=json", headers=world.h("admin"))
    assert export.status_code == 200 and '"basic_words"' in export.text


def test_missing_values_and_unknown_names_are_shown_plainly() -> None:
    pytest.importorskip("fastapi", reason="the workbench needs the [web] extra")
    from interlang.workbench.web.features import feature_rows

    rows = feature_rows({"read_wstf": None, "basic_words": 12.0, "old_feature": 0.5},
                        names=("read_wstf", "basic_words", "old_feature", "absent"))
    assert [(r.name, r.value) for r in rows] == [("read_wstf", "–"), ("basic_words", "12 words"), ("old_feature", "0.50")]
    assert rows[2].title == "old feature" and rows[2].description == ""
