"""Hostile or careless queries are refused clearly, before any provider runs."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from gateway.testing import DatasetBuilder, GatewayHarness
from tests.support import NOW, StartGateway, install_distribution

SPY = """
from gateway.plugin import ClientAlertProvider

CALLS = []


class Spy(ClientAlertProvider):
    api_version = "1.0"

    async def client_alerts(self, clients, context):
        CALLS.append([client.id for client in clients])
        return {}
"""


@pytest.fixture
async def production(
    site: Path, start_gateway: StartGateway
) -> AsyncIterator[tuple[GatewayHarness, list[Any]]]:
    """A gateway as deployed (dev off), with a spy provider that records every call."""
    install_distribution(
        site, "spy-alerts", "1.0", providers={"spy": "spy:Spy"}, modules={"spy": SPY}
    )
    data = DatasetBuilder(now=NOW).client("1").ticket("10", "1")
    limits = {"max_body_bytes": 4096, "max_query_tokens": 200, "max_query_depth": 6}
    async with start_gateway(data, dev=False, **limits) as gateway:
        yield gateway, sys.modules["spy"].CALLS


async def _post(gateway: GatewayHarness, body: Any) -> tuple[int, dict[str, Any]]:
    response = await gateway.http.post("/graphql", json=body)
    return response.status_code, response.json()


async def test_the_spy_sees_a_normal_query(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    await gateway.ticket_alerts("10")
    assert calls == [["1"]]


async def test_introspection_is_off(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    _, body = await _post(gateway, {"query": "{ __schema { types { name } } }"})
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("GraphQL introspection has been disabled")
    assert calls == []


async def test_no_field_suggestions(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    _, body = await _post(gateway, {"query": '{ tiket(id: "10") { alerts { code } } }'})
    [error] = body["errors"]
    assert error["message"] == "Cannot query field 'tiket' on type 'Query'."
    assert calls == []


async def test_too_deep_a_query_is_refused(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    deepest_allowed = (
        '{ ticket(id: "10") { alerts { ... on OpenTicketsAlert { openTickets { consultant '
        "{ id } } } } } }"
    )
    too_deep = (
        "query Deep { tickets { edges { node { client { alerts { ... on OpenTicketsAlert { "
        "openTickets { consultant { id } } } } } } } } }"
    )
    allowed = await gateway.execute(deepest_allowed)
    calls.clear()
    refused = await gateway.execute(too_deep)
    assert "errors" not in allowed
    assert refused["data"] is None
    assert refused["errors"][0]["message"] == "'Deep' exceeds maximum operation depth of 6"
    assert calls == []


async def test_too_many_tokens_are_refused(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    _, body = await _post(gateway, {"query": "{" + " ".join(["__typename"] * 300) + "}"})
    assert body["data"] is None
    assert body["errors"][0]["message"] == (
        "Syntax Error: Document contains more than 200 tokens. Parsing aborted."
    )
    assert calls == []


async def test_too_many_aliases_are_refused(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    aliases = " ".join(f"a{i}: __typename" for i in range(31))
    _, body = await _post(gateway, {"query": "{" + aliases + "}"})
    assert body["data"] is None
    assert body["errors"][0]["message"] == "31 aliases found. Allowed: 30"
    assert calls == []


async def test_operation_batching_is_refused(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    query = {"query": '{ ticket(id: "10") { alerts { code } } }'}
    response = await gateway.http.post("/graphql", json=[query, query])
    assert response.status_code == 400
    assert calls == []


async def test_mutations_are_refused_over_get(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, calls = production
    response = await gateway.http.get("/graphql", params={"query": "mutation { x }"})
    assert response.status_code in {400, 405}
    assert calls == []


async def test_a_large_body_is_refused_with_413(
    production: tuple[GatewayHarness, list[Any]],
) -> None:
    gateway, calls = production
    response = await gateway.http.post(
        "/graphql", json={"query": "{ __typename }", "variables": {"pad": "x" * 5000}}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0] == {
        "message": "request body larger than 4096 bytes",
        "extensions": {"code": "REQUEST_TOO_LARGE"},
    }
    assert calls == []


async def test_graphiql_is_not_served(production: tuple[GatewayHarness, list[Any]]) -> None:
    gateway, _ = production
    page = await gateway.http.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()


async def test_internal_errors_are_masked_and_logged_with_the_request_id(
    production: tuple[GatewayHarness, list[Any]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gateway, _ = production

    async def broken(*_: Any) -> None:
        raise RuntimeError("SELECT password FROM users -- /srv/app/secret.py")

    monkeypatch.setattr("gateway.db.queries.ticket", broken)
    response = await gateway.http.post(
        "/graphql",
        json={"query": '{ ticket(id: "10") { id } }'},
        headers={"X-Request-Id": "req-42"},
    )
    body = response.json()
    assert body["errors"][0]["message"] == "Internal error."
    assert "SELECT" not in response.text
    assert "secret.py" not in response.text
    assert response.headers["x-request-id"] == "req-42"
    logged = [
        record
        for record in caplog.records
        if "SELECT password" in record.getMessage()
        or (record.exc_text and "SELECT password" in record.exc_text)
    ]
    assert logged


async def test_dev_mode_turns_the_conveniences_back_on(start_gateway: StartGateway) -> None:
    async with start_gateway(dev=True) as gateway:
        introspection = await gateway.execute("{ __schema { queryType { name } } }")
        typo = await gateway.execute('{ tiket(id: "1") { id } }')
    assert introspection["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert "Did you mean 'ticket'" in typo["errors"][0]["message"]
