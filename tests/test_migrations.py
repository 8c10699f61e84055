"""The migrations build exactly the tables the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from gateway.cli import main
from gateway.db import migrate
from gateway.db.models import Base
from gateway.db.session import Database


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    database = Database(database_url)
    try:
        assert await migrate.current_revision(database) == migrate.head_revision()
        async with database.engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await database.dispose()


async def test_check_ready_names_the_command_to_run(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        with pytest.raises(Exception, match=r"has no gateway tables.*alerts-gateway db upgrade"):
            await migrate.check_ready(database)
        await migrate.upgrade(database)
        await migrate.check_ready(database)
    finally:
        await database.dispose()


def test_db_upgrade_command_creates_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ops.sqlite3"
    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite:///{path}")
    out = io.StringIO()
    assert main(["db", "upgrade"], out=out) == 0
    assert out.getvalue().strip().endswith(f"is at revision {migrate.head_revision()}")
    assert main(["db", "upgrade"], out=io.StringIO()) == 0  # a second run changes nothing
    assert path.is_file()
