"""Database layer: typed ORM models, engine/session setup and the packaged Alembic migrations."""

from __future__ import annotations
