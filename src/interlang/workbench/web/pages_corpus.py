"""Corpus-wide pages: the dashboard and exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser
from interlang.workbench.web.rendering import page

router = APIRouter(include_in_schema=False)


@router.get("/dashboard")
def dashboard_page(request: Request, user: CurrentUser, db: DB) -> HTMLResponse:
    from interlang.workbench.dashboard import dashboard_charts

    stats = service.stats(db, user)
    agreement = service.agreement(db, user)
    charts = [(name.replace("_", " ").capitalize(), svg) for name, svg in dashboard_charts(stats).items()]
    return page(request, "dashboard.html", user, stats=stats, charts=charts, agreement=agreement)


@router.get("/export")
def export_page(request: Request, user: CurrentUser) -> HTMLResponse:
    from interlang.workbench.exports import EXPORTERS

    service.require(user, *service.REVIEWERS)
    return page(request, "export.html", user, formats=sorted(EXPORTERS))


@router.get("/export/download")
def export_download(request: Request, user: CurrentUser, db: DB,
                    format: Annotated[str, Query(max_length=20)] = "json", minimal: bool = False,
                    status: Annotated[str | None, Query(max_length=100)] = None,
                    level: Annotated[str | None, Query(max_length=20)] = None,
                    genre: Annotated[str | None, Query(max_length=100)] = None,
                    register: Annotated[str | None, Query(max_length=100)] = None,
                    topic: Annotated[str | None, Query(max_length=100)] = None,
                    split: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    from interlang.workbench.api.corpus import export_response

    filters = {"status": status or None, "level": level or None, "genre": genre or None,
               "register": register or None, "topic": topic or None, "split": split or None}
    return export_response(request, db, user, format, filters, minimal)
