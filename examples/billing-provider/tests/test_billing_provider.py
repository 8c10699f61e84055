"""The billing provider on its own: gateway.testing runs it as the gateway would, no server."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from billing_provider import OverdueInvoicesAlert, OverdueInvoicesProvider

from gateway.plugin import Client
from gateway.testing import run_provider

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
CONFIG = {"base_url": "https://billing.test/api", "timeout": 0.5}
CLIENTS = [Client(id="100", name="Drogaria Boa Saúde"), Client(id="101", name="Loja em dia")]


def provider_answering(handler: Any) -> OverdueInvoicesProvider:
    provider = OverdueInvoicesProvider()
    provider.transport = httpx.MockTransport(handler)
    return provider


def billing(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/api/overdue-invoices"
    asked = request.url.params.get_list("client_id")
    invoices = {
        "100": [
            {"number": "F-311", "due_date": "2026-11-10", "amount": "189.90"},
            {"number": "F-298", "due_date": "2026-10-10", "amount": 1000},
        ]
    }
    return httpx.Response(200, json={"clients": {k: v for k, v in invoices.items() if k in asked}})


async def test_clients_with_overdue_invoices_get_an_alert() -> None:
    calls: list[httpx.Request] = []

    def counting(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return billing(request)

    result = await run_provider(
        provider_answering(counting), clients=CLIENTS, now=NOW, config=CONFIG
    )
    assert result.failure is None
    assert list(result.alerts) == ["100"]
    [alert] = result.alerts["100"]
    assert isinstance(alert, OverdueInvoicesAlert)
    assert (alert.code, alert.severity.value, alert.priority) == ("overdue_invoices", "WARNING", 2)
    assert alert.title == "2 faturas em atraso"
    assert alert.message.startswith(
        "R$\xa01.189,90 em atraso, a mais antiga vencida em 10 de outubro de 2026."
    )
    assert [invoice.number for invoice in alert.invoices] == ["F-311", "F-298"]
    assert alert.total == "1189.90"
    assert len(calls) == 1  # one request for the whole batch
    assert calls[0].url.params.get_list("client_id") == ["100", "101"]


async def test_messages_in_english() -> None:
    result = await run_provider(
        provider_answering(billing), clients=CLIENTS, now=NOW, config=CONFIG, locale="en"
    )
    [alert] = result.alerts["100"]
    assert alert.title == "2 overdue invoices"
    assert alert.message.startswith("R$1,189.90 overdue, the oldest due on October 10, 2026.")


async def test_a_token_is_sent_when_configured() -> None:
    seen: list[str | None] = []

    def check(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return billing(request)

    await run_provider(
        provider_answering(check), clients=CLIENTS, now=NOW, config=CONFIG | {"token": "s3cret"}
    )
    assert seen == ["Bearer s3cret"]


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            httpx.ConnectError("refused"),
            "billing service at https://billing.test/api is unreachable (ConnectError)",
        ),
        (
            httpx.ReadTimeout("slow"),
            "billing service at https://billing.test/api did not answer within 0.5 s",
        ),
        (httpx.Response(503), "billing service at https://billing.test/api answered HTTP 503"),
        (
            httpx.Response(200, json={"unexpected": True}),
            "billing service at https://billing.test/api answered something that is not its format",
        ),
    ],
)
async def test_a_billing_service_that_is_down_is_a_clear_failure(
    failure: Exception | httpx.Response, message: str
) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        if isinstance(failure, Exception):
            raise failure
        return failure

    result = await run_provider(provider_answering(broken), clients=CLIENTS, now=NOW, config=CONFIG)
    assert result.alerts == {}
    assert result.failure is not None
    assert result.failure.code == "PROVIDER_SOURCE_UNAVAILABLE"
    assert str(result.failure).endswith(message)


async def test_base_url_is_required() -> None:
    from gateway.errors import ProviderLoadError

    with pytest.raises(ProviderLoadError, match="base_url: Field required"):
        await run_provider(OverdueInvoicesProvider, clients=CLIENTS, now=NOW)
