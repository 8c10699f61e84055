"""What every resolver of one request shares: who asks, in which language, and the loaders.

The loaders are built per request, so every ``Ticket.alerts`` of a page lands in one batch and
each provider runs once for the whole page, whatever its size.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from graphql import GraphQLError
from strawberry.dataloader import DataLoader

from gateway.db.session import Database
from gateway.domain import Client, Ticket, Viewer
from gateway.engine import AlertSet, Engine
from gateway.errors import ProviderFailure
from gateway.settings import Settings


@dataclass
class GatewayContext:
    database: Database
    engine: Engine
    settings: Settings
    viewer: Viewer
    locale: Locale
    request: Any = None
    ticket_alerts: DataLoader[Ticket, AlertSet] = field(init=False)
    client_alerts: DataLoader[Client, AlertSet] = field(init=False)
    _failures: dict[str, GraphQLError] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.ticket_alerts = DataLoader(self._load_ticket_alerts, cache_key_fn=lambda t: t.id)
        self.client_alerts = DataLoader(self._load_client_alerts, cache_key_fn=lambda c: c.id)

    async def _load_ticket_alerts(self, tickets: list[Ticket]) -> list[AlertSet]:
        # The client-level part goes through the client loader, so a page that also asks for
        # Client.alerts runs those providers once.
        of_clients, own = await asyncio.gather(
            self.client_alerts.load_many([ticket.client for ticket in tickets]),
            self.engine.ticket_only_alerts(tickets, viewer=self.viewer, locale=self.locale),
        )
        return [
            client_set.merged_with(ticket_set)
            for client_set, ticket_set in zip(of_clients, own, strict=True)
        ]

    async def _load_client_alerts(self, clients: list[Client]) -> list[AlertSet]:
        return await self.engine.client_alerts(clients, viewer=self.viewer, locale=self.locale)

    def report(self, failures: tuple[ProviderFailure, ...], path: list[str | int]) -> None:
        """Name each failed provider once in the response's ``errors``, at its first place."""
        for failure in failures:
            if failure.provider not in self._failures:
                self._failures[failure.provider] = GraphQLError(
                    f"{failure}; its alerts are missing from this response",
                    path=path,
                    extensions={"code": failure.code, "provider": failure.provider},
                )

    @property
    def provider_errors(self) -> list[GraphQLError]:
        return list(self._failures.values())
