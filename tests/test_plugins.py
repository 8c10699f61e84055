"""Third-party providers through real installed packages: found, typed, contained when they fail."""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

import pytest

from gateway.app import create_app
from gateway.cli import main
from gateway.errors import RequiredProviderMissing
from gateway.plugin import API_VERSION
from gateway.registry import discover
from gateway.settings import Settings
from gateway.testing import DatasetBuilder
from tests.support import NOW, StartGateway, install_distribution, uninstall

VIP = """
import strawberry
from gateway.plugin import Alert, AlertType, ClientAlertProvider, Severity


@strawberry.type
class VipAlert(AlertType):
    tier: int


class VipProvider(ClientAlertProvider):
    api_version = "1.0"
    default_priority = 4
    graphql_type = VipAlert

    async def client_alerts(self, clients, context):
        return {
            client.id: [Alert(code="vip", severity=Severity.INFO, title="VIP",
                              message="Cliente VIP.", details={"tier": 2})]
            for client in clients
        }
"""

PLAIN = """
from gateway.plugin import Alert, Severity, TicketAlertProvider


class NoteProvider(TicketAlertProvider):
    api_version = "1.0"
    default_priority = 50

    async def ticket_alerts(self, tickets, context):
        return {ticket.id: [Alert(code="note", severity=Severity.INFO, title="Note",
                                  message=f"Ticket {ticket.number}")] for ticket in tickets}
"""

FAULTY = """
import asyncio
from gateway.plugin import Alert, ClientAlertProvider, Severity, SourceUnavailable


class Raises(ClientAlertProvider):
    api_version = "1.0"
    default_priority = 0

    async def client_alerts(self, clients, context):
        raise RuntimeError("password=hunter2 SELECT * FROM secrets")


class Slow(ClientAlertProvider):
    api_version = "1.0"

    async def client_alerts(self, clients, context):
        await asyncio.sleep(30)
        return {}


class Malformed(ClientAlertProvider):
    api_version = "1.0"

    async def client_alerts(self, clients, context):
        return {client.id: ["not an alert"] for client in clients}


class Down(ClientAlertProvider):
    api_version = "1.0"

    async def client_alerts(self, clients, context):
        raise SourceUnavailable("billing service at http://billing.local did not answer")
"""

ALERTS = """query($id: ID!) { ticket(id: $id) {
  alertsComplete failedProviders serviceBlocked
  alerts { __typename code provider priority ... on VipAlert { tier } } } }"""


def _blocked_client() -> DatasetBuilder:
    return DatasetBuilder(now=NOW).client("1", status="cancelled").ticket("10", "1")


def _install_vip(site: Path) -> None:
    install_distribution(
        site,
        "acme-vip-alerts",
        "1.4.2",
        providers={"vip": "acme_vip:VipProvider", "note": "acme_note:NoteProvider"},
        modules={"acme_vip": VIP, "acme_note": PLAIN},
    )


async def test_installed_providers_serve_their_alerts_at_their_priority(
    site: Path, start_gateway: StartGateway
) -> None:
    _install_vip(site)
    async with start_gateway(_blocked_client()) as gateway:
        ticket = (await gateway.data(ALERTS, {"id": "10"}))["ticket"]
    assert [(a["provider"], a["priority"], a["__typename"]) for a in ticket["alerts"]] == [
        ("client_status", 2, "ClientStatusAlert"),
        ("vip", 4, "VipAlert"),
        ("note", 50, "GenericAlert"),
    ]
    assert ticket["alerts"][1]["tier"] == 2
    assert ticket["alertsComplete"] is True


async def test_uninstalled_or_disabled_providers_are_gone(
    site: Path, start_gateway: StartGateway
) -> None:
    _install_vip(site)
    async with start_gateway(_blocked_client(), disabled_providers=["vip"]) as gateway:
        disabled = await gateway.ticket_alerts("10")
    assert [alert["provider"] for alert in disabled] == ["client_status", "note"]

    uninstall(site)
    assert str(site) not in sys.path
    async with start_gateway(_blocked_client()) as gateway:
        uninstalled = await gateway.ticket_alerts("10")
    assert [alert["provider"] for alert in uninstalled] == ["client_status"]


def test_providers_command_names_the_package_and_version(site: Path) -> None:
    _install_vip(site)
    out = io.StringIO()
    assert main(["providers", "--json"], out=out) == 0
    rows = {row["name"]: row for row in json.loads(out.getvalue())}
    assert rows["vip"] | {"error": None} == {
        "name": "vip",
        "package": "acme-vip-alerts",
        "version": "1.4.2",
        "priority": 4,
        "enabled": True,
        "required": False,
        "loaded": True,
        "error": None,
    }


@pytest.mark.parametrize(
    ("provider", "code", "message"),
    [
        (
            "raises",
            "PROVIDER_FAILED",
            "provider 'raises': raised RuntimeError; its alerts are missing from this response",
        ),
        (
            "slow",
            "PROVIDER_TIMEOUT",
            "provider 'slow': did not answer within 0.2 s; "
            "its alerts are missing from this response",
        ),
        (
            "malformed",
            "PROVIDER_MALFORMED_RESULT",
            "provider 'malformed': returned a str for '2', not a gateway.plugin.Alert; "
            "its alerts are missing from this response",
        ),
        (
            "down",
            "PROVIDER_SOURCE_UNAVAILABLE",
            "provider 'down': billing service at http://billing.local did not answer; "
            "its alerts are missing from this response",
        ),
    ],
)
async def test_a_failing_provider_takes_nothing_else_down(
    site: Path,
    start_gateway: StartGateway,
    provider: str,
    code: str,
    message: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_distribution(
        site,
        "faulty-alerts",
        "0.1.0",
        providers={provider: f"faulty:{provider.capitalize()}"},
        modules={"faulty": FAULTY},
    )
    data = _blocked_client().client("2", status="cancelled").ticket("11", "2")
    async with start_gateway(data, provider_timeouts={"slow": 0.2}) as gateway:
        body = await gateway.execute(
            "{ tickets(first: 10) { edges { node { id alertsComplete failedProviders "
            "serviceBlocked alerts { code } } } } }"
        )
    for edge in body["data"]["tickets"]["edges"]:
        node = edge["node"]
        assert node["alerts"] == [{"code": "client_cancelled"}]
        assert node["serviceBlocked"] is True
        assert node["alertsComplete"] is False
        assert node["failedProviders"] == [provider]
    [error] = body["errors"]  # one error for the provider, however many tickets it failed
    assert error["message"] == message
    assert error["extensions"] == {"code": code, "provider": provider}
    assert "hunter2" not in json.dumps(body)
    if provider == "raises":
        assert "hunter2" in caplog.text  # the operator sees what happened, the frontend not


async def test_client_alerts_report_failures_too(site: Path, start_gateway: StartGateway) -> None:
    install_distribution(
        site,
        "faulty-alerts",
        "0.1.0",
        providers={"raises": "faulty:Raises"},
        modules={"faulty": FAULTY},
    )
    async with start_gateway(_blocked_client()) as gateway:
        body = await gateway.execute(
            '{ client(id: "1") { alertsComplete failedProviders alerts { code } } }'
        )
    assert body["data"]["client"] == {
        "alertsComplete": False,
        "failedProviders": ["raises"],
        "alerts": [{"code": "client_cancelled"}],
    }
    assert body["errors"][0]["path"] == ["client", "alerts"]


BROKEN = {
    "missing_dependency": (
        "import not_installed_anywhere\n",
        "could not be imported: ModuleNotFoundError(\"No module named 'not_installed_anywhere'\")",
    ),
    "not_a_provider": (
        "class Thing:\n    pass\n",
        "Thing is not a subclass of "
        "gateway.plugin.ClientAlertProvider or gateway.plugin.TicketAlertProvider",
    ),
    "future_api": (
        "from gateway.plugin import ClientAlertProvider\n"
        "class Thing(ClientAlertProvider):\n    api_version = '2.0'\n"
        "    async def client_alerts(self, clients, context):\n        return {}\n",
        f"was built for plugin API 2.0; this gateway supports plugin API 1.0 to {API_VERSION}",
    ),
    "no_api_version": (
        "from gateway.plugin import ClientAlertProvider\n"
        "class Thing(ClientAlertProvider):\n"
        "    async def client_alerts(self, clients, context):\n        return {}\n",
        "declares no api_version (set api_version = '1.0'); this gateway supports plugin API "
        "1.0 to 1.0",
    ),
    "abstract": (
        "from gateway.plugin import TicketAlertProvider\n"
        "class Thing(TicketAlertProvider):\n    api_version = '1.0'\n",
        "Thing does not implement ticket_alerts",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
async def test_a_provider_that_cannot_load_is_reported_and_left_out(
    site: Path, start_gateway: StartGateway, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    source, reason = BROKEN[kind]
    install_distribution(
        site,
        "broken-alerts",
        "0.0.1",
        providers={"broken": "broken:Thing"},
        modules={"broken": source},
    )
    info = next(info for info in discover(Settings()).found if info.name == "broken")
    assert info.error == reason
    assert info.package == "broken-alerts"
    assert not info.loaded
    assert f"provider 'broken' left out: {reason}" in caplog.text
    async with start_gateway(_blocked_client()) as gateway:  # the gateway starts without it
        body = await gateway.execute(
            '{ ticket(id: "10") { alertsComplete failedProviders alerts { provider } } }'
        )
        client = await gateway.execute('{ client(id: "1") { alertsComplete failedProviders } }')
    ticket = body["data"]["ticket"]
    assert [alert["provider"] for alert in ticket["alerts"]] == ["client_status"]
    # ... and every answer says a provider is missing, without its internals.
    assert ticket["alertsComplete"] is False
    assert ticket["failedProviders"] == ["broken"]
    assert client["data"]["client"] == {"alertsComplete": False, "failedProviders": ["broken"]}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "PROVIDER_NOT_LOADED", "provider": "broken"}
    assert error["message"] == (
        "provider 'broken': is installed and enabled but did not load (see `alerts-gateway "
        "providers`); its alerts are missing from this response"
    )


def test_a_required_provider_that_cannot_load_stops_start_up(site: Path) -> None:
    install_distribution(
        site,
        "broken-alerts",
        "0.0.1",
        providers={"broken": "broken:Thing"},
        modules={"broken": "raise ImportError('libfoo.so missing')\n"},
    )
    with pytest.raises(RequiredProviderMissing) as raised:
        create_app(Settings(required_providers=["broken", "certificate"]))
    assert str(raised.value) == (
        "provider 'broken': is required (GATEWAY_REQUIRED_PROVIDERS) but could not be "
        "imported: ImportError('libfoo.so missing')"
    )


def test_a_required_provider_that_is_not_installed_stops_start_up() -> None:
    with pytest.raises(RequiredProviderMissing, match="no installed package provides it"):
        create_app(Settings(required_providers=["billing"]))


def test_a_disabled_provider_is_never_imported(site: Path) -> None:
    install_distribution(
        site,
        "loud-alerts",
        "0.0.1",
        providers={"loud": "loud:Thing"},
        modules={"loud": "raise SystemExit('imported!')\n"},
    )
    found = {info.name: info for info in discover(Settings(disabled_providers=["loud"])).found}
    assert found["loud"].enabled is False
    assert found["loud"].error is None
    assert "loud" not in sys.modules


def test_two_packages_with_the_same_provider_name_load_neither(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    install_distribution(
        site,
        "acme-vip-alerts",
        "1.0.0",
        providers={"vip": "acme_vip:VipProvider"},
        modules={"acme_vip": VIP},
    )
    install_distribution(
        site,
        "other-vip",
        "3.1.0",
        providers={"vip": "other_vip:VipProvider"},
        modules={"other_vip": VIP},
    )
    for _ in range(2):  # the same outcome every time, whatever the order found
        registry = discover(Settings())
        [info] = [info for info in registry.found if info.name == "vip"]
        assert info.error == (
            "registered more than once (by acme-vip-alerts 1.0.0 and other-vip 3.1.0); "
            "none was loaded"
        )
        assert "vip" not in {loaded.name for loaded in registry.providers}
    assert "provider 'vip' left out: registered more than once" in caplog.text


def test_unknown_names_in_settings_are_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    discover(Settings(disabled_providers=["cusotm"], provider_priority={"certficate": 1}))
    assert "GATEWAY_DISABLED_PROVIDERS names 'cusotm'" in caplog.text
    assert "GATEWAY_PROVIDER_PRIORITY names 'certficate'" in caplog.text
