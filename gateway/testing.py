"""Helpers for testing providers and the gateway, without a server.

Provider authors use them in their own tests (docs/providers.md, "Testing"):

- ``run_provider`` runs one provider on records built by hand, at a fixed time, and gives back
  its alerts exactly as the gateway would serve them (configured, validated, rendered)::

      result = await run_provider(VipProvider, clients=[Client(id="1", name="VIP Farmácia")],
                                  now=NOW)
      assert [alert.code for alert in result.alerts["1"]] == ["vip"]

- ``GatewayHarness`` runs the whole gateway (every installed provider) on a SQLite database
  holding a ``DatasetBuilder``'s data, and asks it GraphQL questions::

      async with GatewayHarness.start(tmp_path, data, now=NOW) as gateway:
          alerts = await gateway.ticket_alerts("10")
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.db import migrate
from gateway.db.loader import load_data
from gateway.db.session import Database
from gateway.domain import Client, Ticket, Viewer
from gateway.engine import Engine
from gateway.errors import ProviderFailure
from gateway.graphql.alerts import AlertType
from gateway.i18n import parse_locale
from gateway.plugin import AlertProvider, StartupContext
from gateway.registry import registry_of
from gateway.settings import Settings

__all__ = [
    "DatasetBuilder",
    "GatewayHarness",
    "GraphQLError",
    "ProviderResult",
    "migrated_database",
    "run_provider",
]

ALERT_FIELDS = "code provider severity priority title message blocksService"


@dataclass
class DatasetBuilder:
    """Builds data in the ``alerts-gateway db load`` format, with sensible defaults.

    Ticket numbers follow the ids when they are numeric; opening times default to one hour
    before ``now``, one minute apart, so the newest ticket is the last one added.
    """

    now: datetime
    consultants: list[dict[str, Any]] = field(default_factory=list)
    clients: list[dict[str, Any]] = field(default_factory=list)
    certificates: list[dict[str, Any]] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    _sequence: itertools.count[int] = field(default_factory=itertools.count, repr=False)

    def consultant(self, id: str, name: str) -> DatasetBuilder:
        self.consultants.append({"id": id, "name": name})
        return self

    def client(self, id: str, name: str | None = None, **fields: Any) -> DatasetBuilder:
        record: dict[str, Any] = {
            "id": id,
            "name": name or f"Cliente {id}",
            "status": "active",
            "backup": "terminal",
            "installation_date": (self.now.date() - timedelta(days=365)).isoformat(),
        }
        record.update(fields)
        self.clients.append(record)
        return self

    def certificate(self, client_id: str, expires_at: date, kind: str = "A1") -> DatasetBuilder:
        self.certificates.append(
            {"client_id": client_id, "kind": kind, "expires_at": expires_at.isoformat()}
        )
        return self

    def ticket(
        self,
        id: str,
        client_id: str,
        status: str = "open",
        *,
        number: int | None = None,
        subject: str | None = None,
        consultant_id: str | None = None,
        sector: str = "operacional",
        opened_at: datetime | None = None,
        finished_at: datetime | None = None,
    ) -> DatasetBuilder:
        opened = opened_at or self.now - timedelta(hours=1) + timedelta(
            minutes=next(self._sequence)
        )
        if finished_at is None and status == "finished":
            finished_at = opened + timedelta(minutes=30)
        self.tickets.append(
            {
                "id": id,
                "number": number if number is not None else (int(id) if id.isdigit() else 1),
                "client_id": client_id,
                "subject": subject or f"Chamado {id}",
                "status": status,
                "sector": sector,
                "consultant_id": consultant_id,
                "opened_at": opened.isoformat(),
                "finished_at": finished_at.isoformat() if finished_at else None,
            }
        )
        return self

    def build(self) -> dict[str, Any]:
        return {
            "consultants": self.consultants,
            "clients": self.clients,
            "certificates": self.certificates,
            "tickets": self.tickets,
        }


@contextlib.asynccontextmanager
async def migrated_database(url: str) -> AsyncIterator[Database]:
    """A ``Database`` on ``url``, migrated to the current schema, disposed of on exit."""
    database = Database(url)
    try:
        await migrate.upgrade(database)
        yield database
    finally:
        await database.dispose()


class GraphQLError(AssertionError):
    """A GraphQL response carried errors where the test expected none."""


@dataclass
class GatewayHarness:
    """A running gateway application and an HTTP client on it, without a server."""

    app: Starlette
    http: httpx.AsyncClient

    @classmethod
    @contextlib.asynccontextmanager
    async def start(
        cls,
        directory: Path,
        data: DatasetBuilder | Mapping[str, Any] | None = None,
        *,
        now: datetime,
        settings: Settings | None = None,
        **setting_values: Any,
    ) -> AsyncIterator[GatewayHarness]:
        """A gateway on a new SQLite database in ``directory``, holding ``data``, at ``now``."""
        if settings is None:
            url = f"sqlite+aiosqlite:///{directory / 'gateway-test.sqlite3'}"
            settings = Settings(database_url=url, **setting_values)
        assert settings.database_url is not None
        async with migrated_database(settings.database_url) as database:
            if data is not None:
                built = data.build() if isinstance(data, DatasetBuilder) else data
                await load_data(database, built)
        async with cls.serve(create_app(settings, clock=lambda: now)) as harness:
            yield harness

    @classmethod
    @contextlib.asynccontextmanager
    async def serve(cls, app: Starlette) -> AsyncIterator[GatewayHarness]:
        """Run ``app``'s lifespan and give a harness with an HTTP client on it."""
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
            ) as http,
        ):
            yield cls(app=app, http=http)

    async def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        language: str | None = None,
        consultant: str | None = None,
    ) -> dict[str, Any]:
        """The whole GraphQL response (``data`` and ``errors``) as the frontend receives it."""
        headers = {}
        if language is not None:
            headers["Accept-Language"] = language
        if consultant is not None:
            headers["X-Consultant-Id"] = consultant
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": dict(variables or {})}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: Mapping[str, Any] | None = None, **options: Any
    ) -> dict[str, Any]:
        """The ``data`` of a response that must have no errors."""
        body = await self.execute(query, variables, **options)
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        result: dict[str, Any] = body["data"]
        return result

    async def ticket_alerts(
        self, ticket_id: str, *, fields: str = "", **options: Any
    ) -> list[dict[str, Any]]:
        """The ``alerts`` of one ticket, with the common fields and any extra ``fields``."""
        query = (
            "query($id: ID!) { ticket(id: $id) { alerts { __typename "
            f"{ALERT_FIELDS} {fields} }} }} }}"
        )
        data = await self.data(query, {"id": ticket_id}, **options)
        assert data["ticket"] is not None, f"no ticket {ticket_id!r}"
        alerts: list[dict[str, Any]] = data["ticket"]["alerts"]
        return alerts


@dataclass(frozen=True, slots=True)
class ProviderResult:
    """What one provider answered: its alerts by id (as served) and its failure, if any."""

    alerts: dict[str, list[AlertType]]
    failure: ProviderFailure | None = None


async def run_provider(
    provider: type[AlertProvider[Any]] | AlertProvider[Any],
    *,
    now: datetime,
    clients: Sequence[Client] = (),
    tickets: Sequence[Ticket] = (),
    config: Mapping[str, Any] | None = None,
    locale: str = "pt_BR",
    viewer: str | None = None,
    database: Database | None = None,
    name: str = "provider_under_test",
    timeout: float = 2.0,  # noqa: ASYNC109 - the provider's timeout setting, applied by the engine
) -> ProviderResult:
    """Run one provider as the gateway does, on ``tickets`` (or ``clients``), at ``now``.

    ``config`` is validated by the provider's ``config_model``; ``startup`` and ``shutdown`` are
    called around the run. The alerts come back keyed by ticket id when tickets are given,
    by client id otherwise. ``database`` is needed only by providers that read it (see
    ``migrated_database``).
    """
    settings = Settings(
        database_url="sqlite+aiosqlite://",
        provider_config={name: dict(config or {})},
        provider_timeouts={name: timeout},
    )
    registry = registry_of({name: provider}, settings)
    [loaded] = registry.providers
    own_database = database is None
    database = database or Database("sqlite+aiosqlite://")
    engine = Engine(registry, database, lambda: now)
    who, language = Viewer(consultant_id=viewer), parse_locale(locale)
    try:
        await loaded.provider.startup(
            StartupContext(database=database, config=loaded.config, logger=loaded.logger)
        )
        try:
            if tickets:
                sets = await engine.ticket_alerts(tickets, viewer=who, locale=language)
                keys = [ticket.id for ticket in tickets]
            else:
                sets = await engine.client_alerts(clients, viewer=who, locale=language)
                keys = [client.id for client in clients]
        finally:
            await loaded.provider.shutdown()
    finally:
        if own_database:
            await database.dispose()
    failures = {failure for found in sets for failure in found.failures}
    return ProviderResult(
        alerts={
            key: list(found.alerts) for key, found in zip(keys, sets, strict=True) if found.alerts
        },
        failure=next(iter(failures), None),
    )
