"""Alembic migrations, run from inside the gateway on an open async connection."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from gateway.db.models import ClientRow
from gateway.db.session import Database
from gateway.errors import DatabaseNotReady

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - a packaging error
        raise RuntimeError(f"no migration found in {MIGRATIONS}")
    return head


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(database: Database) -> str | None:
    async with database.engine.connect() as connection:
        return await connection.run_sync(_current)


async def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema up to ``revision``, in one transaction where the database allows it."""

    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


async def check_ready(database: Database) -> None:
    """Raise ``DatabaseNotReady``, saying what to run, unless the schema is at head."""
    current = await current_revision(database)
    head = head_revision()
    if current != head:
        state = "has no gateway tables" if current is None else f"is at revision {current}"
        raise DatabaseNotReady(
            f"the database {state}, this gateway needs {head}: run `alerts-gateway db upgrade`"
        )


async def is_empty(database: Database) -> bool:
    async with database.session() as session:
        return (await session.scalar(select(func.count()).select_from(ClientRow))) == 0
