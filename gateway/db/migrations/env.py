"""Alembic's entry point, for `alerts-gateway db upgrade` and for developers' `alembic` commands.

The gateway passes an open connection in ``config.attributes["connection"]``; the `alembic`
command line (alembic.ini at the repository root) gets its URL from the gateway's settings.
"""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from gateway.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_settings() -> None:
    from gateway.db.session import Database
    from gateway.settings import Settings

    database = Database(Settings().effective_database_url)
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(run_with)
    finally:
        await database.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")

given = config.attributes.get("connection")
if given is not None:
    run_with(given)
else:
    asyncio.run(run_from_settings())
