"""Cost does not grow with the page: one statement per database-reading provider, plus the page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from gateway.testing import DatasetBuilder, GatewayHarness
from tests.support import NOW, StartGateway

PAGE_WITH_ALERTS = """
query($first: Int!) {
  tickets(first: $first) {
    edges { node { id serviceBlocked alertsComplete client { alerts { code } }
                   alerts { code ... on OpenTicketsAlert { openTickets { number } } } } }
  }
}
"""

# open_tickets, installation_date and certificate read the database; the others read the
# client record that comes with the page.
PROVIDERS_READING_THE_DATABASE = 3


@contextmanager
def counting_statements(gateway: GatewayHarness) -> Iterator[list[str]]:
    engine = gateway.app.state.services.database.engine.sync_engine
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _busy_desk(tickets: int) -> DatasetBuilder:
    """Clients in every situation, each with several tickets, some finished."""
    data = DatasetBuilder(now=NOW).consultant("c1", "Ana").consultant("c2", "Bruno")
    for index in range(tickets):
        client = str(index % 25)
        if index < 25:
            data.client(
                client,
                installation_date=None if index % 4 == 0 else "2024-01-01",
                status=["active", "blocked", "cancelled", "inactive"][index % 4],
                backup="local" if index % 3 == 0 else "cloud",
                maintenance_contract=index % 2 == 0,
                alerts="Atenção" if index % 5 else None,
            )
            data.certificate(client, NOW.date() + timedelta(days=index))
        data.ticket(
            str(10_000 + index),
            client,
            ["open", "in_progress", "waiting", "finished"][index % 4],
            consultant_id="c1" if index % 2 else "c2",
        )
    return data


async def test_one_ticket_and_a_hundred_cost_the_same_statements(
    start_gateway: StartGateway,
) -> None:
    async with start_gateway(_busy_desk(150)) as gateway:
        with counting_statements(gateway) as one:
            single = await gateway.data(PAGE_WITH_ALERTS, {"first": 1})
        with counting_statements(gateway) as hundred:
            page = await gateway.data(PAGE_WITH_ALERTS, {"first": 100})

    assert len(single["tickets"]["edges"]) == 1
    assert len(page["tickets"]["edges"]) == 100
    assert sum(len(edge["node"]["alerts"]) for edge in page["tickets"]["edges"]) > 100
    assert len(one) == len(hundred)
    # The page, then each database-reading provider once, though the query asks for both
    # Ticket.alerts and Client.alerts.
    assert len(hundred) <= 1 + PROVIDERS_READING_THE_DATABASE


async def test_alerts_of_a_page_are_the_alerts_of_each_ticket_alone(
    start_gateway: StartGateway,
) -> None:
    """Batching changes the cost, never the answer."""
    async with start_gateway(_busy_desk(40)) as gateway:
        page = await gateway.data(PAGE_WITH_ALERTS, {"first": 40})
        for edge in page["tickets"]["edges"]:
            alone = await gateway.data(
                "query($id: ID!) { ticket(id: $id) { alerts { code "
                "... on OpenTicketsAlert { openTickets { number } } } } }",
                {"id": edge["node"]["id"]},
            )
            assert alone["ticket"]["alerts"] == edge["node"]["alerts"]
