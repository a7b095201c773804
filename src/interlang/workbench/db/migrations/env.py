"""Alembic environment: runs on the connection that :func:`interlang.workbench.db.engine.upgrade` passes in."""

from __future__ import annotations

from alembic import context

from interlang.workbench.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI directly
    raise RuntimeError("run migrations through interlang.workbench.db.engine.upgrade()")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
