"""Bringing texts in: file upload (CSV, JSON, …) and the single-text form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from interlang.workbench import service
from interlang.workbench.api.deps import DB, CurrentUser, state
from interlang.workbench.errors import WorkbenchError
from interlang.workbench.web.rendering import back, page

router = APIRouter(include_in_schema=False)


@router.get("/import")
def import_page(request: Request, user: CurrentUser) -> HTMLResponse:
    service.require(user, *service.REVIEWERS)
    return page(request, "import.html", user, result=None)


@router.post("/import")
async def import_upload(request: Request, user: CurrentUser, db: DB, file: Annotated[UploadFile, File()],
                        format: Annotated[str, Form()] = "") -> Response:
    from starlette.concurrency import run_in_threadpool

    from interlang.workbench.api.texts import _read_limited
    from interlang.workbench.importing import import_texts

    service.require(user, *service.REVIEWERS)
    settings = state(request).settings
    try:
        data = await _read_limited(file, settings.max_upload_bytes)
        result = await run_in_threadpool(import_texts, db, user, data, filename=file.filename, fmt=format or None,
                                         analyse=settings.analyse, inline_rows=settings.inline_analysis_rows)
        await run_in_threadpool(state(request).analyse_later, result.analysis_queued)
    except WorkbenchError as exc:
        response = page(request, "import.html", user, result=None, error=exc.message)
        response.status_code = exc.status
        return response
    return page(request, "import.html", user, result=result.to_dict())


@router.post("/texts/new")
def new_text_form(request: Request, user: CurrentUser, db: DB, text: Annotated[str, Form()],
                  title: Annotated[str, Form()] = "", language: Annotated[str, Form()] = "",
                  level: Annotated[str, Form()] = "", genre: Annotated[str, Form()] = "",
                  topic: Annotated[str, Form()] = "", register_: Annotated[str, Form(alias="register")] = "",
                  source: Annotated[str, Form()] = "") -> Response:
    values = {"text": text, "title": title, "language": language or None, "level": level or None, "genre": genre,
              "topic": topic, "register": register_, "source": source}
    try:
        item = service.create_text(db, user, values, analyse=state(request).settings.analyse)
    except WorkbenchError as exc:
        return back("/import", err=exc.message)
    return back(f"/texts/{item.id}", msg="created")
