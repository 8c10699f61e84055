"""Fixtures: a fixed clock, a database on each backend, and a running gateway.

Tests that take ``backend`` run on SQLite and on PostgreSQL. PostgreSQL comes from
``GATEWAY_TEST_POSTGRES_URL`` (default: the local server as user postgres); each test session
creates its own database and drops it at the end. Without a reachable server those tests are
skipped, with the reason, unless ``CI`` is set, when they fail.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from gateway.db.models import Base
from gateway.settings import Settings
from gateway.testing import DatasetBuilder, GatewayHarness, migrated_database
from tests.support import NOW, StartGateway

POSTGRES_SERVER = os.environ.get(
    "GATEWAY_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI configures logging for the process; each test gets back what it found."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the settings they give: no GATEWAY_* variable leaks in from the shell."""
    for name in list(os.environ):
        if name.startswith("GATEWAY_") and name != "GATEWAY_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)


async def _postgres_admin() -> asyncpg.Connection:
    url = make_url(POSTGRES_SERVER)
    connection: asyncpg.Connection = await asyncpg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        database=url.database,
        timeout=5,
    )
    return connection


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A new PostgreSQL database for this test session, migrated; dropped at the end."""
    name = f"gateway_test_{uuid.uuid4().hex[:12]}"

    async def create() -> None:
        admin = await _postgres_admin()
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()

    async def drop() -> None:
        admin = await _postgres_admin()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    try:
        asyncio.run(create())
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        reason = f"no PostgreSQL server reachable at {POSTGRES_SERVER}: {error}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    url = make_url(POSTGRES_SERVER).set(drivername="postgresql+asyncpg", database=name)
    rendered = url.render_as_string(hide_password=False)

    async def migrate() -> None:
        async with migrated_database(rendered):
            pass

    asyncio.run(migrate())
    yield rendered
    asyncio.run(drop())


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file that each test copies instead of migrating again."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"

    async def migrate() -> None:
        async with migrated_database(f"sqlite+aiosqlite:///{path}"):
            pass

    asyncio.run(migrate())
    return path


async def _truncate(url: str) -> None:
    from gateway.db.session import Database

    database = Database(url)
    try:
        tables = ", ".join(table.name for table in reversed(Base.metadata.sorted_tables))
        async with database.engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the database backend under test; tests taking it run on both."""
    name: str = request.param
    return name


@pytest.fixture
def database_url(
    backend: str, tmp_path: Path, sqlite_template: Path, request: pytest.FixtureRequest
) -> str:
    """An empty, migrated database on the backend under test."""
    if backend == "sqlite":
        path = tmp_path / "gateway.sqlite3"
        path.write_bytes(sqlite_template.read_bytes())
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    asyncio.run(_truncate(url))
    return url


@pytest.fixture
def data() -> DatasetBuilder:
    """An empty dataset dated from NOW, for the test to fill."""
    return DatasetBuilder(now=NOW)


@pytest.fixture
def start_gateway(database_url: str, tmp_path: Path) -> StartGateway:
    """Starts a gateway holding a dataset: ``async with start_gateway(data, **settings) as gw``."""

    def start(
        dataset: DatasetBuilder | None = None, *, now: datetime = NOW, **settings: Any
    ) -> AbstractAsyncContextManager[GatewayHarness]:
        return GatewayHarness.start(
            tmp_path, dataset, now=now, settings=Settings(database_url=database_url, **settings)
        )

    return start


@pytest.fixture
async def demo_gateway(database_url: str, tmp_path: Path) -> AsyncIterator[GatewayHarness]:
    """A gateway holding the demo data, dated from NOW."""
    from gateway.db.demo import demo_dataset

    async with GatewayHarness.start(
        tmp_path, demo_dataset(NOW), now=NOW, settings=Settings(database_url=database_url)
    ) as gateway:
        yield gateway


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A site-packages folder on sys.path for the test's own installed packages.

    Removing it at the end is uninstalling them: their entry points are gone with it.
    """
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        module = sys.modules[name]
        if str(folder) in str(getattr(module, "__file__", "") or ""):
            del sys.modules[name]
    importlib.invalidate_caches()
