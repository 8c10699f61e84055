"""client_status: cancelled and inactive clients must not be served; blocked ones may."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.testing import DatasetBuilder
from tests.support import StartGateway

STATUS_QUERY = """query($id: ID!) { ticket(id: $id) { serviceBlocked
  alerts { code severity blocksService title message
           ... on ClientStatusAlert { status reason } } } }"""


async def _ticket(
    start_gateway: StartGateway, data: DatasetBuilder, language: str = "pt-BR", **client: str
) -> dict[str, Any]:
    data.client("1", **client).ticket("10", "1")
    async with start_gateway(data) as gateway:
        result = await gateway.data(STATUS_QUERY, {"id": "10"}, language=language)
    ticket: dict[str, Any] = result["ticket"]
    return ticket


@pytest.mark.parametrize(
    ("status", "code"), [("cancelled", "client_cancelled"), ("inactive", "client_inactive")]
)
async def test_cancelled_and_inactive_clients_block_service(
    start_gateway: StartGateway, data: DatasetBuilder, status: str, code: str
) -> None:
    ticket = await _ticket(start_gateway, data, status=status, status_reason="non_payment")
    assert ticket["serviceBlocked"] is True
    [alert] = ticket["alerts"]
    assert alert["code"] == code
    assert alert["severity"] == "CRITICAL"
    assert alert["blocksService"] is True
    assert alert["status"] == status.upper()
    assert alert["reason"] == "NON_PAYMENT"


async def test_non_payment_guides_the_client_to_settle_the_debts(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    ticket = await _ticket(start_gateway, data, status="cancelled", status_reason="non_payment")
    [alert] = ticket["alerts"]
    assert alert["title"] == "Cliente cancelado: não atender"
    assert alert["message"].startswith("Não devemos prestar atendimento a este cliente.")
    assert "regularizar os débitos" in alert["message"]
    assert "reativação" not in alert["message"]


async def test_client_request_guides_the_client_to_ask_for_reactivation(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    ticket = await _ticket(
        start_gateway, data, language="en", status="inactive", status_reason="client_request"
    )
    [alert] = ticket["alerts"]
    assert alert["title"] == "Client inactive: do not serve"
    assert alert["message"] == (
        "Do not provide service to this client. The client asked for the cancellation: "
        "guide them to request the reactivation of the system."
    )


async def test_unknown_reason_gives_both_ways_back(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    ticket = await _ticket(start_gateway, data, language="en", status="cancelled")
    [alert] = ticket["alerts"]
    assert "settle the debts" in alert["message"]
    assert "reactivation" in alert["message"]
    assert alert["reason"] is None


async def test_blocked_is_a_warning_and_service_continues(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    ticket = await _ticket(start_gateway, data, status="blocked", status_reason="non_payment")
    assert ticket["serviceBlocked"] is False
    [alert] = ticket["alerts"]
    assert alert["code"] == "client_blocked"
    assert alert["severity"] == "WARNING"
    assert alert["blocksService"] is False
    assert alert["title"] == "Cliente bloqueado: pagamentos em atraso"
    assert "O atendimento continua" in alert["message"]


async def test_active_client_has_no_status_alert(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    ticket = await _ticket(start_gateway, data, status="active")
    assert ticket == {"serviceBlocked": False, "alerts": []}
