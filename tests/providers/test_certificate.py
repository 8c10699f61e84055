"""certificate: the current digital certificate expires soon, or has expired."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gateway.testing import DatasetBuilder
from tests.support import NOW, StartGateway

DETAILS = "... on CertificateAlert { daysToExpiry expiresOn kind }"


async def _alerts(
    start_gateway: StartGateway,
    data: DatasetBuilder,
    *days: int,
    language: str = "pt-BR",
    **settings: Any,
) -> list[dict[str, Any]]:
    data.client("1").ticket("10", "1")
    for offset in days:
        data.certificate("1", NOW.date() + timedelta(days=offset))
    async with start_gateway(data, **settings) as gateway:
        return await gateway.ticket_alerts("10", fields=DETAILS, language=language)


@pytest.mark.parametrize(
    ("days", "code", "severity"),
    [
        (31, None, None),
        (30, "certificate_expiring", "WARNING"),
        (8, "certificate_expiring", "WARNING"),
        (7, "certificate_expiring", "CRITICAL"),
        (1, "certificate_expiring", "CRITICAL"),
        (0, "certificate_expiring", "CRITICAL"),
        (-1, "certificate_expired", "CRITICAL"),
        (-40, "certificate_expired", "CRITICAL"),
    ],
)
async def test_thresholds(
    start_gateway: StartGateway,
    data: DatasetBuilder,
    days: int,
    code: str | None,
    severity: str | None,
) -> None:
    alerts = await _alerts(start_gateway, data, days)
    if code is None:
        assert alerts == []
        return
    [alert] = alerts
    assert (alert["code"], alert["severity"], alert["blocksService"]) == (code, severity, False)
    assert alert["daysToExpiry"] == days
    assert alert["expiresOn"] == (NOW.date() + timedelta(days=days)).isoformat()
    assert alert["kind"] == "A1"


async def test_expiring_message_gives_days_date_and_what_to_do(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    [alert] = await _alerts(start_gateway, data, 20)
    assert alert["title"] == "Certificado digital expira em 20 dias"
    assert alert["message"] == (
        "O certificado digital expira em 20 dias, no dia 24 de dezembro de 2026. Oriente o "
        "cliente a abrir um novo chamado para que o suporte auxilie na importação do novo "
        "certificado: sem um certificado dentro da validade a loja não consegue emitir cupons "
        "fiscais (NFC-e) nem notas fiscais (NF-e)."
    )


async def test_english_messages(start_gateway: StartGateway, data: DatasetBuilder) -> None:
    [alert] = await _alerts(start_gateway, data, 1, language="en")
    assert alert["title"] == "Digital certificate expires in 1 day"
    assert alert["message"].startswith(
        "The digital certificate expires in 1 day, on December 5, 2026. Tell the client to "
        "open a new ticket"
    )
    assert "(NFC-e)" in alert["message"]
    assert "(NF-e)" in alert["message"]


async def test_expires_today(start_gateway: StartGateway, data: DatasetBuilder) -> None:
    [alert] = await _alerts(start_gateway, data, 0)
    assert alert["title"] == "Certificado digital expira hoje"
    assert alert["message"].startswith("O certificado digital expira hoje, 4 de dezembro de 2026.")


async def test_expired_says_since_when(start_gateway: StartGateway, data: DatasetBuilder) -> None:
    [alert] = await _alerts(start_gateway, data, -3, language="en")
    assert alert["title"] == "Digital certificate expired"
    assert alert["message"].startswith(
        "The digital certificate expired 3 days ago, on December 1, 2026."
    )
    assert alert["daysToExpiry"] == -3


async def test_a_renewed_client_has_no_alert(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    assert await _alerts(start_gateway, data, 3, 365) == []


async def test_a_client_without_certificate_has_no_alert(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    assert await _alerts(start_gateway, data) == []


async def test_thresholds_are_settings(start_gateway: StartGateway, data: DatasetBuilder) -> None:
    config = {"certificate": {"warning_days": 60, "critical_days": 45}}
    [alert] = await _alerts(start_gateway, data, 50, provider_config=config)
    assert (alert["daysToExpiry"], alert["severity"]) == (50, "WARNING")


async def test_days_are_counted_in_the_business_time_zone(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    # 23:30 on 4 December in São Paulo is already 5 December in UTC.
    late = datetime(2026, 12, 4, 23, 30, tzinfo=ZoneInfo("America/Sao_Paulo"))
    data.client("1").ticket("10", "1").certificate("1", late.date())
    async with start_gateway(data, now=late) as gateway:
        [alert] = await gateway.ticket_alerts("10", fields=DETAILS)
    assert alert["daysToExpiry"] == 0
    assert alert["title"] == "Certificado digital expira hoje"


async def test_numbers_are_written_the_way_each_language_writes_them(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1").ticket("10", "1").certificate("1", NOW.date() - timedelta(days=1500))
    async with start_gateway(data) as gateway:
        [pt] = await gateway.ticket_alerts("10")
        [en] = await gateway.ticket_alerts("10", language="en")
    assert pt["message"].startswith("O certificado digital expirou há 1.500 dias, no dia ")
    assert en["message"].startswith("The digital certificate expired 1,500 days ago, on ")
