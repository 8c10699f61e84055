"""Overdue invoices, from the billing service: an example third-party alert provider."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import httpx
import strawberry
from babel.numbers import format_currency
from pydantic import AnyHttpUrl, Field, SecretStr

from gateway.plugin import (
    Alert,
    AlertsById,
    AlertType,
    Catalogue,
    Client,
    ClientAlertProvider,
    ProviderConfig,
    ProviderContext,
    Severity,
    SourceUnavailable,
    StartupContext,
    format_date,
)

__version__ = "0.1.0"

catalogue = Catalogue(Path(__file__).parent / "locales", "billing_provider")


class BillingConfig(ProviderConfig):
    base_url: AnyHttpUrl
    timeout: float = Field(default=2.0, gt=0, description="Seconds to wait for the service.")
    token: SecretStr | None = None


@strawberry.type(description="An invoice past its due date.")
class OverdueInvoice:
    number: str
    due_date: date
    amount: str = strawberry.field(description='Decimal amount in BRL, e.g. "189.90".')


@strawberry.type(description="The client has invoices past their due date.")
class OverdueInvoicesAlert(AlertType):
    invoices: list[OverdueInvoice]
    total: str = strawberry.field(description="Sum of the overdue amounts in BRL.")


class OverdueInvoicesProvider(ClientAlertProvider[BillingConfig]):
    api_version = "1.0"
    default_priority = 2
    config_model = BillingConfig
    graphql_type = OverdueInvoicesAlert

    transport: httpx.AsyncBaseTransport | None = None
    """Tests replace the network with ``httpx.MockTransport``."""

    def __init__(self) -> None:
        self._http: httpx.AsyncClient | None = None
        self._url = ""

    async def startup(self, context: StartupContext[BillingConfig]) -> None:
        config = context.config
        headers = {}
        if config.token is not None:
            headers["Authorization"] = f"Bearer {config.token.get_secret_value()}"
        self._url = str(config.base_url).rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=self._url, timeout=config.timeout, headers=headers, transport=self.transport
        )

    async def shutdown(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext[BillingConfig]
    ) -> AlertsById:
        overdue = await self._fetch([client.id for client in clients], context.config.timeout)
        return {
            client_id: [self._alert(invoices, context)]
            for client_id, invoices in overdue.items()
            if invoices
        }

    async def _fetch(self, client_ids: list[str], waited: float) -> dict[str, list[OverdueInvoice]]:
        if self._http is None:
            raise RuntimeError("the provider was not started")
        where = f"billing service at {self._url}"
        try:
            response = await self._http.get(
                "/overdue-invoices", params=[("client_id", client_id) for client_id in client_ids]
            )
        except httpx.TimeoutException:
            raise SourceUnavailable(f"{where} did not answer within {waited:g} s") from None
        except httpx.TransportError as error:
            raise SourceUnavailable(f"{where} is unreachable ({type(error).__name__})") from None
        if response.status_code != 200:
            raise SourceUnavailable(f"{where} answered HTTP {response.status_code}")
        try:
            return _parse(response.json(), set(client_ids))
        except (ValueError, KeyError, TypeError, InvalidOperation):
            raise SourceUnavailable(f"{where} answered something that is not its format") from None

    @staticmethod
    def _alert(invoices: list[OverdueInvoice], context: ProviderContext[BillingConfig]) -> Alert:
        _ = catalogue.gettext(context.locale)
        total = sum((Decimal(invoice.amount) for invoice in invoices), Decimal(0))
        oldest = min(invoice.due_date for invoice in invoices)
        count = len(invoices)
        return Alert(
            code="overdue_invoices",
            severity=Severity.WARNING,
            title=_.ngettext("{count} overdue invoice", "{count} overdue invoices", count).format(
                count=count
            ),
            message=_.gettext(
                "{total} overdue, the oldest due on {date}. Remind the client to settle the "
                "payments: after two unpaid invoices the system is blocked."
            ).format(
                total=format_currency(total, "BRL", locale=context.locale),
                date=format_date(oldest, context.locale),
            ),
            details={"invoices": invoices, "total": f"{total:.2f}"},
        )


def _parse(body: Any, asked: set[str]) -> dict[str, list[OverdueInvoice]]:
    clients: Mapping[str, Any] = body["clients"]
    return {
        str(client_id): [
            OverdueInvoice(
                number=str(item["number"]),
                due_date=date.fromisoformat(item["due_date"]),
                amount=f"{Decimal(str(item['amount'])):.2f}",
            )
            for item in items
        ]
        for client_id, items in clients.items()
        if str(client_id) in asked
    }
