"""The GraphQL contract as a frontend uses it: tickets, clients, pages, alerts, languages."""

from __future__ import annotations

from datetime import timedelta

from gateway.testing import DatasetBuilder, GatewayHarness
from tests.support import NOW, StartGateway

TICKET = """
query($id: ID!) {
  ticket(id: $id) {
    id number subject status sector openedAt finishedAt
    consultant { id name }
    client { id name status statusReason }
    serviceBlocked alertsComplete failedProviders
    alerts { __typename code provider severity priority title message blocksService }
  }
}
"""

PAGE = """
query($first: Int!, $after: String, $status: [TicketStatus!], $clientId: ID) {
  tickets(first: $first, after: $after, status: $status, clientId: $clientId) {
    edges { cursor node { id number } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def test_ticket_is_found_by_the_helpdesk_id(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.consultant("c1", "Ana Souza").client("100", "Drogaria Boa Saúde")
    data.ticket("5001", "100", "in_progress", subject="Erro ao emitir NFC-e", consultant_id="c1")
    async with start_gateway(data) as gateway:
        ticket = (await gateway.data(TICKET, {"id": "5001"}))["ticket"]
    assert ticket["id"] == "5001"
    assert ticket["number"] == 5001
    assert ticket["subject"] == "Erro ao emitir NFC-e"
    assert ticket["status"] == "IN_PROGRESS"
    assert ticket["sector"] == "OPERACIONAL"
    assert ticket["consultant"] == {"id": "c1", "name": "Ana Souza"}
    assert ticket["client"] == {
        "id": "100",
        "name": "Drogaria Boa Saúde",
        "status": "ACTIVE",
        "statusReason": None,
    }
    assert ticket["alerts"] == []
    assert ticket["serviceBlocked"] is False
    assert ticket["alertsComplete"] is True


async def test_unknown_ticket_and_client_are_null(start_gateway: StartGateway) -> None:
    async with start_gateway() as gateway:
        data = await gateway.data('{ ticket(id: "nope") { id } client(id: "nope") { id } }')
    assert data == {"ticket": None, "client": None}


async def test_alerts_are_merged_by_priority(demo_gateway: GatewayHarness) -> None:
    alerts = await demo_gateway.ticket_alerts("5001")
    assert [(alert["priority"], alert["provider"]) for alert in alerts] == [
        (1, "open_tickets"),
        (3, "maintenance_contract"),
        (5, "integration"),
        (7, "custom"),
        (8, "certificate"),
    ]


async def test_equal_priorities_are_ordered_by_provider_name(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", maintenance_contract=True, alerts="Ligar antes", backup="local")
    data.ticket("10", "1")
    overrides = {"custom": 4, "maintenance_contract": 4, "local_backup": 4}
    async with start_gateway(data, provider_priority=overrides) as gateway:
        alerts = await gateway.ticket_alerts("10")
    assert [alert["provider"] for alert in alerts] == [
        "custom",
        "local_backup",
        "maintenance_contract",
    ]
    assert {alert["priority"] for alert in alerts} == {4}


async def test_client_query_gives_the_client_record(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client(
        "7",
        "Loja Sete",
        status="cancelled",
        status_reason="non_payment",
        maintenance_contract=True,
        backup="local",
        integration={"role": "branch", "kind": "remote_access", "store_number": 3},
        installation_date="2024-03-01",
    )
    async with start_gateway(data) as gateway:
        client = (
            await gateway.data(
                '{ client(id: "7") { id name status statusReason maintenanceContract backup '
                "integration { role kind storeNumber } installationDate } }"
            )
        )["client"]
    assert client == {
        "id": "7",
        "name": "Loja Sete",
        "status": "CANCELLED",
        "statusReason": "NON_PAYMENT",
        "maintenanceContract": True,
        "backup": "LOCAL",
        "integration": {"role": "BRANCH", "kind": "REMOTE_ACCESS", "storeNumber": 3},
        "installationDate": "2024-03-01",
    }


async def test_client_alerts_leave_out_what_depends_on_a_ticket(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", status="blocked", alerts="Ligar antes").ticket("10", "1").ticket("11", "1")
    async with start_gateway(data) as gateway:
        body = await gateway.data(
            '{ client(id: "1") { alerts { code } } ticket(id: "10") { alerts { code } } }'
        )
    assert [alert["code"] for alert in body["client"]["alerts"]] == ["client_blocked", "custom"]
    assert [alert["code"] for alert in body["ticket"]["alerts"]] == [
        "open_tickets",
        "client_blocked",
        "custom",
    ]


def _page_data(count: int) -> DatasetBuilder:
    data = DatasetBuilder(now=NOW).client("1").client("2")
    for index in range(count):
        data.ticket(
            str(1000 + index),
            "1" if index % 2 else "2",
            "finished" if index % 3 == 0 else "open",
            opened_at=NOW - timedelta(hours=count - index),
        )
    return data


async def test_tickets_come_newest_first_a_page_at_a_time(start_gateway: StartGateway) -> None:
    async with start_gateway(_page_data(5)) as gateway:
        first = (await gateway.data(PAGE, {"first": 2}))["tickets"]
        second = (await gateway.data(PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]}))[
            "tickets"
        ]
        last = (await gateway.data(PAGE, {"first": 2, "after": second["pageInfo"]["endCursor"]}))[
            "tickets"
        ]
    assert [edge["node"]["id"] for edge in first["edges"]] == ["1004", "1003"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    assert [edge["node"]["id"] for edge in second["edges"]] == ["1002", "1001"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert [edge["node"]["id"] for edge in last["edges"]] == ["1000"]
    assert last["pageInfo"]["hasNextPage"] is False
    assert last["pageInfo"]["endCursor"] == last["edges"][0]["cursor"]


async def test_tickets_filter_by_status_and_client(start_gateway: StartGateway) -> None:
    async with start_gateway(_page_data(6)) as gateway:
        finished = (await gateway.data(PAGE, {"first": 10, "status": ["FINISHED"]}))["tickets"]
        of_client = (await gateway.data(PAGE, {"first": 10, "clientId": "1"}))["tickets"]
    assert [edge["node"]["id"] for edge in finished["edges"]] == ["1003", "1000"]
    assert [edge["node"]["id"] for edge in of_client["edges"]] == ["1005", "1003", "1001"]


async def test_page_size_out_of_range_is_refused_with_the_limit(
    start_gateway: StartGateway,
) -> None:
    async with start_gateway() as gateway:
        too_many = await gateway.execute(PAGE, {"first": 101})
        negative = await gateway.execute(PAGE, {"first": -1})
    assert too_many["data"] is None
    [error] = too_many["errors"]
    assert error["message"] == "first: must be between 0 and 100, not 101"
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "first"}
    assert negative["errors"][0]["message"] == "first: must be between 0 and 100, not -1"


async def test_a_cursor_not_from_the_api_is_refused(start_gateway: StartGateway) -> None:
    async with start_gateway() as gateway:
        body = await gateway.execute(PAGE, {"first": 1, "after": "not-a-cursor"})
    [error] = body["errors"]
    assert error["message"] == "after: is not a cursor given by this API"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_messages_are_portuguese_by_default_and_english_on_request(
    demo_gateway: GatewayHarness,
) -> None:
    default = await demo_gateway.ticket_alerts("5004")
    portuguese = await demo_gateway.ticket_alerts("5004", language="pt-BR")
    english = await demo_gateway.ticket_alerts("5004", language="en-US,en;q=0.9")
    assert default == portuguese
    assert default[0]["title"] == "Cliente cancelado: não atender"
    assert english[0]["title"] == "Client cancelled: do not serve"
    assert [alert["code"] for alert in english] == [alert["code"] for alert in portuguese]


async def test_graphiql_is_served_on_the_embedded_demo(start_gateway: StartGateway) -> None:
    async with start_gateway(dev=True) as gateway:
        page = await gateway.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
