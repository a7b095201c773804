"""``create_app(settings)``: the FastAPI application (API under ``/api``, web UI at ``/``)."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from interlang.errors import MissingExtra
from interlang.workbench.config import WorkbenchSettings


def _check_extra() -> None:
    for module, package in (("fastapi", "fastapi"), ("sqlalchemy", "sqlalchemy"), ("alembic", "alembic"),
                            ("jinja2", "jinja2"), ("argon2", "argon2-cffi"), ("python_multipart", "python-multipart")):
        try:
            __import__(module)
        except ImportError:
            raise MissingExtra(package, "web") from None


def create_app(settings: WorkbenchSettings | None = None) -> Any:
    """Build the app: migrate the database to the newest schema, wire routers, UI and handlers."""
    _check_extra()
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, RedirectResponse, Response
    from fastapi.staticfiles import StaticFiles

    from interlang.version import __version__
    from interlang.workbench.api.deps import WorkbenchState
    from interlang.workbench.db.engine import make_engine, session_factory, upgrade
    from interlang.workbench.errors import NotAuthenticated, TooManyAttempts, WorkbenchError
    from interlang.workbench.headers import SecurityHeaders

    with warnings.catch_warnings():
        # "register" (a CEFR metadata field) shadows a BaseModel method name; harmless here.
        warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)
        from interlang.workbench.api import routers
        from interlang.workbench.web import STATIC_DIR
        from interlang.workbench.web import router as web_router

    settings = settings or WorkbenchSettings()
    engine = make_engine(settings.db_url)
    upgrade(engine)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interlang-train") if settings.background_jobs else None
    analysis_executor = (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="interlang-analyse") if settings.background_jobs else None
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        for pool in (executor, analysis_executor):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        engine.dispose()

    app = FastAPI(
        title="interlang CEFR workbench",
        version=__version__,
        description="Multi-user CEFR annotation: texts, blind assessments, agreement, review, exports, "
        "prediction and training. Authenticate with `POST /api/auth/token` and send "
        "`Authorization: Bearer <token>`.",
        lifespan=lifespan,
        docs_url=None,  # served below from the vendored Swagger UI (no CDN)
        redoc_url=None,
    )
    state = WorkbenchState(settings, engine, session_factory(engine), executor, analysis_executor)
    app.state.workbench = state
    if settings.analyse and analysis_executor is not None:
        from interlang.workbench.analysis_jobs import pending_ids

        with state.sessions() as db:
            state.analyse_later(pending_ids(db))  # texts left unanalysed by a restart

    @app.exception_handler(WorkbenchError)
    async def _workbench_error(request: Request, exc: WorkbenchError) -> Response:
        if not request.url.path.startswith("/api"):
            if isinstance(exc, NotAuthenticated):
                return RedirectResponse("/login", status_code=303)
            from interlang.workbench.web import render_error

            return render_error(request, exc.status, exc.message)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        if isinstance(exc, TooManyAttempts):
            headers["Retry-After"] = str(exc.retry_after)
        body: dict[str, Any] = {"detail": exc.message}
        if exc.detail is not None:
            body["info"] = exc.detail
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse({"detail": "invalid request", "errors": errors}, status_code=422)

    for router in routers():
        app.include_router(router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies)
    return app
