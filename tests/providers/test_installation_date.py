"""installation_date: finished tickets but no installation date on the client record."""

from __future__ import annotations

from gateway.testing import DatasetBuilder
from tests.support import StartGateway

DETAILS = "... on MissingInstallationDateAlert { finishedTickets }"


async def test_finished_tickets_without_installation_date(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", installation_date=None)
    data.ticket("10", "1").ticket("11", "1", "finished").ticket("12", "1", "finished")
    async with start_gateway(data) as gateway:
        [pt] = await gateway.ticket_alerts("10", fields=DETAILS)
        [en] = await gateway.ticket_alerts("10", language="en")
    assert (pt["code"], pt["severity"]) == ("missing_installation_date", "WARNING")
    assert pt["finishedTickets"] == 2
    assert pt["title"] == "Chamados finalizados sem data de instalação"
    assert "2 chamados finalizados" in pt["message"]
    assert "toda a situação da implantação" in pt["message"]
    assert en["message"].startswith("The client has 2 finished tickets but no installation date.")
    assert "whole implementation status" in en["message"]


async def test_no_finished_ticket_yet_raises_nothing(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", installation_date=None)
    data.ticket("10", "1").ticket("11", "1", "cancelled").ticket("12", "1", "in_progress")
    async with start_gateway(data) as gateway:
        codes = [alert["code"] for alert in await gateway.ticket_alerts("10")]
    assert codes == ["open_tickets"]


async def test_an_installation_date_silences_it(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", installation_date="2025-02-10")
    data.ticket("10", "1").ticket("11", "1", "finished")
    async with start_gateway(data) as gateway:
        assert await gateway.ticket_alerts("10") == []


async def test_one_finished_ticket_is_singular(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", installation_date=None).ticket("10", "1", "finished")
    async with start_gateway(data) as gateway:
        [alert] = await gateway.ticket_alerts("10", language="en")
    assert alert["message"].startswith("The client has 1 finished ticket but")
