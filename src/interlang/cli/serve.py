"""``interlang serve`` and ``interlang users create`` (the workbench)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from interlang.cli.render import (
    err_console,
)
from interlang.cli.root import app, users_app
from interlang.errors import InputError


@app.command("serve")
def serve_cmd(
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: SQLite workbench.db in the interlang home folder; or postgresql://user:pass@host/db).")] = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Start the CEFR workbench (web UI at /, API at /api, docs at /docs); needs the web extra (pip install "interlang\\[web]")."""
    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    try:
        import uvicorn
    except ImportError:
        from interlang.errors import MissingExtra

        raise MissingExtra("uvicorn", "web") from None
    application = create_app(WorkbenchSettings(db_url=db))
    err_console.print(f"workbench on http://{host}:{port}/ (API docs: /docs)", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="info")


@users_app.command("create")
def users_create_cmd(
    username: Annotated[str, typer.Option("--username", help="Login name.")],
    role: Annotated[str, typer.Option("--role", help="admin, reviewer or annotator.")] = "annotator",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin (first line).")] = False,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: the SQLite workbench.db).")] = None,
) -> None:
    """Create a workbench account (the first one: --role admin)."""
    from interlang.workbench.db.engine import make_engine, session_factory, upgrade
    from interlang.workbench.errors import WorkbenchError
    from interlang.workbench.service import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    engine = make_engine(db)
    upgrade(engine)
    try:
        with session_factory(engine)() as session:
            user = create_user(session, username, password, role)
            typer.echo(f"created {user.role} {user.username!r} (id {user.id})")
    except WorkbenchError as exc:
        raise InputError(exc.message) from None
    finally:
        engine.dispose()
