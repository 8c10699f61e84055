"""open_tickets: the client's other open tickets, and who is on them."""

from __future__ import annotations

from gateway.testing import DatasetBuilder
from tests.support import StartGateway

DETAILS = """... on OpenTicketsAlert { count
  openTickets { id number subject status consultant { id name } }
  withOtherConsultants { number consultant { name } } }"""


def _desk(data: DatasetBuilder) -> DatasetBuilder:
    data.consultant("c1", "Ana Souza").consultant("c2", "Bruno Lima")
    data.client("1").client("2")
    data.ticket("10", "1", "open", consultant_id="c1", subject="Erro ao emitir NFC-e")
    data.ticket("11", "1", "in_progress", consultant_id="c2", subject="Impressora")
    data.ticket("12", "1", "waiting", subject="Relatório")
    data.ticket("13", "1", "finished", consultant_id="c1")
    data.ticket("14", "1", "cancelled")
    data.ticket("20", "2", "open")
    return data


async def test_other_open_tickets_are_listed_and_the_ticket_itself_is_not(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    async with start_gateway(_desk(data)) as gateway:
        [alert] = await gateway.ticket_alerts("10", fields=DETAILS)
    assert alert["code"] == "open_tickets"
    assert alert["severity"] == "WARNING"
    assert alert["blocksService"] is False
    assert alert["count"] == 2
    assert [(t["number"], t["status"]) for t in alert["openTickets"]] == [
        (11, "IN_PROGRESS"),
        (12, "WAITING"),
    ]
    assert alert["openTickets"][0]["consultant"] == {"id": "c2", "name": "Bruno Lima"}
    assert alert["openTickets"][1]["consultant"] is None


async def test_finished_and_cancelled_tickets_are_not_open(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1")
    data.ticket("10", "1", "open").ticket("11", "1", "finished").ticket("12", "1", "cancelled")
    async with start_gateway(data) as gateway:
        assert await gateway.ticket_alerts("10") == []
        # A finished ticket, opened again for a look, still sees the open one.
        [alert] = await gateway.ticket_alerts("11", fields=DETAILS)
    assert [t["number"] for t in alert["openTickets"]] == [10]


async def test_a_lone_ticket_has_no_alert(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    async with start_gateway(_desk(data)) as gateway:
        assert await gateway.ticket_alerts("20") == []


async def test_message_lists_each_ticket_in_portuguese_and_english(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    async with start_gateway(_desk(data)) as gateway:
        [pt] = await gateway.ticket_alerts("10")
        [en] = await gateway.ticket_alerts("10", language="en")
    assert pt["title"] == "2 outros chamados em aberto"
    assert "Consulte todos os chamados em aberto antes de iniciar o atendimento" in pt["message"]
    assert "#11 “Impressora” (em andamento, Bruno Lima)" in pt["message"]
    assert "#12 “Relatório” (aguardando, sem consultor)" in pt["message"]
    assert en["title"] == "2 other open tickets"
    assert "Read every open ticket before starting" in en["message"]
    assert "#11 “Impressora” (in progress, Bruno Lima)" in en["message"]


async def test_one_other_ticket_is_singular(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1").ticket("10", "1").ticket("11", "1")
    async with start_gateway(data) as gateway:
        [pt] = await gateway.ticket_alerts("10")
        [en] = await gateway.ticket_alerts("10", language="en")
    assert pt["title"] == "1 outro chamado em aberto"
    assert en["title"] == "1 other open ticket"


async def test_the_viewer_is_told_who_else_is_attending(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    async with start_gateway(_desk(data)) as gateway:
        [as_ana] = await gateway.ticket_alerts("10", fields=DETAILS, consultant="c1", language="en")
        [as_bruno] = await gateway.ticket_alerts(
            "10", fields=DETAILS, consultant="c2", language="en"
        )
        [anonymous] = await gateway.ticket_alerts("10", fields=DETAILS, language="en")
    assert as_ana["withOtherConsultants"] == [{"number": 11, "consultant": {"name": "Bruno Lima"}}]
    assert (
        "Ticket #11 is in progress with Bruno Lima: talk to them before contacting the client."
    ) in as_ana["message"]
    assert as_bruno["withOtherConsultants"] == []
    assert "is in progress with" not in as_bruno["message"]
    assert anonymous["withOtherConsultants"] == []
    assert "is in progress with" not in anonymous["message"]
