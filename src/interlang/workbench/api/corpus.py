"""Corpus-wide endpoints: agreement, statistics (JSON and XLSX) and streamed exports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser, state
from interlang.workbench.errors import Invalid

router = APIRouter(prefix="/api", tags=["corpus"])

Filter = Annotated[str | None, Query(max_length=200)]


def _filters(status: str | None, level: str | None, genre: str | None, register: str | None,
             topic: str | None, split: str | None) -> dict[str, Any]:
    return {"status": status, "level": level, "genre": genre, "register": register, "topic": topic, "split": split}


@router.get("/agreement")
def agreement(user: CurrentUser, db: DB) -> dict[str, Any]:
    """Cohen's κ (plain, linear, quadratic), Fleiss' κ, Krippendorff's α with Landis–Koch labels,
    per-text summaries and the widest disagreements first."""
    return service.agreement(db, user)


@router.get("/stats")
def stats(user: CurrentUser, db: DB, status: Filter = None, level: Filter = None, genre: Filter = None,
          register: Filter = None, topic: Filter = None, split: Filter = None) -> dict[str, Any]:
    """Dashboard statistics of the (filtered) corpus."""
    return service.stats(db, user, _filters(status, level, genre, register, topic, split))


@router.get("/stats.xlsx", response_class=Response)
def stats_xlsx(user: CurrentUser, db: DB) -> Response:
    """The dashboard statistics as a formatted Excel workbook."""
    stats_ = service.stats(db, user)
    from interlang.workbench.dashboard import dashboard_xlsx

    data = dashboard_xlsx(stats_)
    return Response(
        data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="interlang-stats.xlsx"'},
    )


def export_response(request: Request, db: Any, user: Any, fmt: str, filters: dict[str, Any], minimal: bool) -> StreamingResponse:
    """A streamed export; the database is read in batches while the client downloads."""
    from interlang.workbench.exports import EXPORTERS

    service.require(user, *service.REVIEWERS)
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Invalid(f"format must be one of {', '.join(sorted(EXPORTERS))}")
    if filters.get("status"):
        for value in str(filters["status"]).split(","):
            if value not in ("draft", "pending_review", "approved", "rejected"):
                raise Invalid(f"unknown status {value!r}")
    factory = state(request).sessions

    def body() -> Iterator[bytes]:
        # Its own session: the request's session closes when the handler returns.
        with factory() as session:
            yield from exporter.stream(service.iter_records(session, filters), minimal=minimal)

    name = f"interlang-corpus{'-minimal' if minimal else ''}.{exporter.extension}"
    return StreamingResponse(body(), media_type=exporter.media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/export", response_class=StreamingResponse)
def export(request: Request, user: CurrentUser, db: DB,
           format: Annotated[str, Query(max_length=20)] = "json", minimal: bool = False,
           status: Filter = None, level: Filter = None, genre: Filter = None, register: Filter = None,
           topic: Filter = None, split: Filter = None) -> StreamingResponse:
    """Export texts: json, csv, tsv, xml, turtle, rdfxml, xlsx, ucefr; full or ``minimal``."""
    return export_response(request, db, user, format, _filters(status, level, genre, register, topic, split), minimal)
