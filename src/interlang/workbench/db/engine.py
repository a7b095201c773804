"""Engine, sessions and schema upgrades (Alembic, run programmatically at start-up)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from interlang.errors import InputError
from interlang.settings import home_dir


def default_url() -> str:
    """SQLite file ``workbench.db`` in the user's interlang folder (created on first run)."""
    path = home_dir() / "workbench.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (the driver the ``[web]`` extra ships)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if not (url.startswith("sqlite") or url.startswith("postgresql+")):
        raise InputError(f"unsupported database URL {url!r}: use sqlite:///FILE or postgresql://…")
    return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (default: :func:`default_url`); SQLite gets foreign keys and WAL."""
    url = normalise_url(url or default_url())
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        if url in ("sqlite://", "sqlite:///:memory:"):
            from sqlalchemy.pool import StaticPool

            kwargs.setdefault("poolclass", StaticPool)
        else:
            path = Path(url.split("sqlite:///", 1)[-1])
            path.parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

    return engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    location = resources.files("interlang.workbench.db") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the migrations shipped in the package."""
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (undoing newer migrations; their data is lost)."""
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (responses are built after it)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


_ID_MIN, _ID_MAX = -(2**63), 2**63 - 1
_Row = TypeVar("_Row")


def get_row(db: Session, model: type[_Row], ident: int, **options: Any) -> _Row | None:
    """``db.get`` that answers ``None`` for ids no integer column can hold.

    A client may send any integer in a path or body; SQLite and PostgreSQL raise on values beyond
    64 bits (``OverflowError`` / ``NumericValueOutOfRange``), which would surface as a 500.
    """
    if not _ID_MIN <= ident <= _ID_MAX:
        return None
    return db.get(model, ident, **options)
