"""Running the providers over one request's batch and merging their alerts.

Every provider is called once per batch, all of them concurrently, each under its own timeout.
A provider that raises, runs too long or answers something that is not alerts is recorded as
failed for the tickets of that batch; the other providers' alerts stand, and the result says
the list is incomplete.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel import Locale

from gateway.db.session import Database
from gateway.domain import Client, Severity, Ticket, Viewer
from gateway.errors import MalformedResult, ProviderFailure, ProviderTimeout, SourceUnavailable
from gateway.graphql.alerts import AlertType
from gateway.observability import ALERTS_EMITTED, PROVIDER_FAILURES, PROVIDER_LATENCY, Tracer
from gateway.plugin import Alert, ProviderContext
from gateway.registry import Kind, LoadedProvider, Registry

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class AlertSet:
    """The alerts of one ticket or client, in display order, and the providers that failed."""

    alerts: tuple[AlertType, ...]
    failures: tuple[ProviderFailure, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.failures

    @property
    def blocks_service(self) -> bool:
        return any(alert.blocks_service for alert in self.alerts)

    def sorted(self) -> AlertSet:
        """By priority, then provider name; a provider's own alerts keep their order."""
        return AlertSet(
            alerts=tuple(sorted(self.alerts, key=lambda alert: (alert.priority, alert.provider))),
            failures=tuple(sorted(self.failures, key=lambda failure: failure.provider)),
        )

    def merged_with(self, other: AlertSet) -> AlertSet:
        return AlertSet(self.alerts + other.alerts, self.failures + other.failures).sorted()


@dataclass(frozen=True, slots=True)
class _Outcome:
    loaded: LoadedProvider
    alerts: Mapping[str, tuple[AlertType, ...]]
    failure: ProviderFailure | None = None


class Engine:
    """Computes alerts with the providers of ``registry``; one per application."""

    def __init__(
        self, registry: Registry, database: Database, clock: Clock, tracer: Tracer | None = None
    ) -> None:
        self.registry = registry
        self.database = database
        self.clock = clock
        self.tracer = tracer or Tracer(enabled=False)
        # An enabled provider that did not load is missing from every answer, and every answer
        # says so: a silently absent alert could let a consultant serve whom they must not.
        self.not_loaded = tuple(
            ProviderFailure(
                info.name,
                "is installed and enabled but did not load (see `alerts-gateway providers`)",
                code="PROVIDER_NOT_LOADED",
            )
            for info in registry.failures
        )

    async def ticket_alerts(
        self, tickets: Sequence[Ticket], *, viewer: Viewer, locale: Locale
    ) -> list[AlertSet]:
        """The alerts of each ticket, in the order given: its client's and its own."""
        clients = list({ticket.client.id: ticket.client for ticket in tickets}.values())
        by_client, own = await asyncio.gather(
            self.client_alerts(clients, viewer=viewer, locale=locale),
            self.ticket_only_alerts(tickets, viewer=viewer, locale=locale),
        )
        of_client = {client.id: found for client, found in zip(clients, by_client, strict=True)}
        return [
            of_client[ticket.client.id].merged_with(found)
            for ticket, found in zip(tickets, own, strict=True)
        ]

    async def client_alerts(
        self, clients: Sequence[Client], *, viewer: Viewer, locale: Locale
    ) -> list[AlertSet]:
        """The alerts of each client: those of the providers that do not look at a ticket.

        Also where providers that failed to load are reported, once per ticket or client.
        """
        outcomes = await self._run("client", clients, viewer=viewer, locale=locale)
        return [_collect(outcomes, client.id, self.not_loaded) for client in clients]

    async def ticket_only_alerts(
        self, tickets: Sequence[Ticket], *, viewer: Viewer, locale: Locale
    ) -> list[AlertSet]:
        """The alerts of each ticket from the providers that look at the ticket itself."""
        outcomes = await self._run("ticket", tickets, viewer=viewer, locale=locale)
        return [_collect(outcomes, ticket.id) for ticket in tickets]

    async def _run(
        self,
        kind: Kind,
        batch: Sequence[Client] | Sequence[Ticket],
        *,
        viewer: Viewer,
        locale: Locale,
    ) -> list[_Outcome]:
        if not batch:
            return []
        now = self.clock()
        calls = [
            self._call(loaded, batch, now=now, viewer=viewer, locale=locale)
            for loaded in self.registry.of_kind(kind)
        ]
        return list(await asyncio.gather(*calls))

    async def _call(
        self,
        loaded: LoadedProvider,
        batch: Sequence[Any],
        *,
        now: datetime,
        viewer: Viewer,
        locale: Locale,
    ) -> _Outcome:
        context: ProviderContext[Any] = ProviderContext(
            database=self.database,
            now=now,
            viewer=viewer,
            locale=locale,
            config=loaded.config,
            logger=loaded.logger,
        )
        started = time.perf_counter()
        with self.tracer.span(
            f"provider {loaded.name}",
            **{"gateway.provider": loaded.name, "gateway.batch_size": len(batch)},
        ) as span:
            outcome = await self._outcome(loaded, batch, context)
            if span is not None and outcome.failure is not None:
                span.set_attribute("gateway.failure", outcome.failure.code)
        PROVIDER_LATENCY.labels(loaded.name).observe(time.perf_counter() - started)
        if outcome.failure is not None:
            PROVIDER_FAILURES.labels(loaded.name, outcome.failure.code).inc()
        for alerts in outcome.alerts.values():
            for alert in alerts:
                ALERTS_EMITTED.labels(loaded.name, alert.severity.value).inc()
        return outcome

    async def _outcome(
        self, loaded: LoadedProvider, batch: Sequence[Any], context: ProviderContext[Any]
    ) -> _Outcome:
        provider: Any = loaded.provider
        method = provider.client_alerts if loaded.kind == "client" else provider.ticket_alerts
        try:
            async with asyncio.timeout(loaded.timeout):
                answer = await method(batch, context)
            rendered = _render(loaded, answer, {item.id for item in batch})
        except TimeoutError:
            failure: ProviderFailure = ProviderTimeout(
                loaded.name, f"did not answer within {loaded.timeout:g} s"
            )
            log.warning("%s", failure)
        except MalformedResult as malformed:
            failure = malformed
            log.error("%s", failure)
        except SourceUnavailable as unavailable:
            failure = ProviderFailure(loaded.name, str(unavailable), code=unavailable.code)
            log.warning("%s", failure)
        except Exception as error:
            failure = ProviderFailure(loaded.name, f"raised {type(error).__name__}")
            log.exception("provider %r failed on a batch of %d", loaded.name, len(batch))
        else:
            return _Outcome(loaded, rendered)
        return _Outcome(loaded, {}, failure)


def _render(
    loaded: LoadedProvider, answer: object, ids: set[str]
) -> dict[str, tuple[AlertType, ...]]:
    """The provider's answer as GraphQL alerts, or MalformedResult saying what is wrong."""

    def malformed(problem: str) -> MalformedResult:
        return MalformedResult(loaded.name, f"returned {problem}")

    if not isinstance(answer, Mapping):
        raise malformed(f"a {type(answer).__name__}, not a mapping of ids to alerts")
    rendered: dict[str, tuple[AlertType, ...]] = {}
    for key, alerts in answer.items():
        if key not in ids:
            raise malformed(f"alerts for {key!r}, which is not in the batch")
        if not isinstance(alerts, list | tuple):
            raise malformed(f"a {type(alerts).__name__} for {key!r}, not a list of alerts")
        objects = []
        for alert in alerts:
            if not isinstance(alert, Alert):
                raise malformed(f"a {type(alert).__name__} for {key!r}, not a gateway.plugin.Alert")
            if not isinstance(alert.severity, Severity):
                raise malformed(f"severity {alert.severity!r}, not a Severity")
            try:
                objects.append(
                    loaded.graphql_type(
                        code=alert.code,
                        provider=loaded.name,
                        severity=alert.severity,
                        priority=loaded.priority,
                        title=alert.title,
                        message=alert.message,
                        blocks_service=alert.blocks_service,
                        **alert.details,
                    )
                )
            except TypeError as error:
                problem = f"details that do not fit {loaded.graphql_type.__name__}: {error}"
                raise malformed(problem) from None
        rendered[key] = tuple(objects)
    return rendered


def _collect(
    outcomes: Sequence[_Outcome], key: str, failed: Sequence[ProviderFailure] = ()
) -> AlertSet:
    """The alerts of one id from each provider's outcome, in display order."""
    alerts: list[AlertType] = []
    failures: list[ProviderFailure] = list(failed)
    for outcome in outcomes:
        if outcome.failure is not None:
            failures.append(outcome.failure)
        else:
            alerts.extend(outcome.alerts.get(key, ()))
    return AlertSet(alerts=tuple(alerts), failures=tuple(failures)).sorted()
