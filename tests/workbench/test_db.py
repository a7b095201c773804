"""Database layer: the packaged migration builds exactly the models' schema, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from interlang.errors import InputError

pytest.importorskip("sqlalchemy", reason="the workbench needs the [web] extra")
pytest.importorskip("alembic", reason="the workbench needs the [web] extra")


def test_migration_matches_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from interlang.workbench.db.engine import make_engine, upgrade
    from interlang.workbench.db.models import Base

    engine = make_engine(db_url)
    upgrade(engine)
    upgrade(engine)  # idempotent: a second start changes nothing
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert MigrationContext.configure(conn).get_current_revision() == "0002"
    engine.dispose()


def test_login_throttle_migration_upgrades_a_0001_database(db_url: str) -> None:
    """A database made before login throttling gains the table (and loses it again on downgrade)."""
    from sqlalchemy import inspect

    from interlang.workbench.db.engine import downgrade, make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    downgrade(engine, "0001")
    assert "login_throttle" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "login_throttle" in inspect(engine).get_table_names()
    engine.dispose()


def test_default_database_is_sqlite_in_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interlang.workbench.db.engine import default_url, make_engine, upgrade

    monkeypatch.setenv("INTERLANG_HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / 'workbench.db'}"
    engine = make_engine()
    upgrade(engine)
    engine.dispose()
    assert (tmp_path / "home" / "workbench.db").is_file()


def test_urls() -> None:
    from interlang.workbench.db.engine import normalise_url

    assert normalise_url("postgresql://u:p@localhost/db") == "postgresql+psycopg://u:p@localhost/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(InputError, match="unsupported database URL"):
        normalise_url("mysql://x")


def test_passwords_are_argon2_and_tokens_hashed(db_url: str) -> None:
    from sqlalchemy import select

    from interlang.workbench import service
    from interlang.workbench.db.engine import make_engine, session_factory, upgrade
    from interlang.workbench.db.models import ApiToken

    engine = make_engine(db_url)
    upgrade(engine)
    with session_factory(engine)() as db:
        user = service.create_user(db, "alice", "s3cret-pass", "reviewer")
        assert user.password_hash.startswith("$argon2id$") and "s3cret" not in user.password_hash
        token = service.issue_token(db, user)
        stored = db.scalar(select(ApiToken.token_hash))
        assert stored != token and len(stored or "") == 64
        assert service.user_for_token(db, token) is not None
        assert service.user_for_token(db, token + "x") is None
    engine.dispose()


def test_cli_users_create(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setattr(sys, "stdin", io.StringIO("long-enough-pw\n"))
    code, out, err = run_cli(["users", "create", "--role", "admin", "--username", "root", "--password-stdin", "--db", url])
    assert code == 0, err
    assert "created admin 'root'" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("long-enough-pw\n"))
    code, out, err = run_cli(["users", "create", "--role", "admin", "--username", "root", "--password-stdin", "--db", url])
    assert code == 2 and "exists already" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    code, _, err = run_cli(["users", "create", "--username", "bob", "--password-stdin", "--db", url])
    assert code == 2 and "at least 8" in err


def test_cli_import_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, interlang.cli; bad = [m for m in ('fastapi', 'sqlalchemy', 'alembic') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
