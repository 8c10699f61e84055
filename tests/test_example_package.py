"""The example package examples/billing-provider, built and installed by pip, in the gateway."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.testing import DatasetBuilder
from tests.support import NOW, StartGateway, pip_install, run_tests, uninstall, with_site

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "billing-provider"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("example-site")
    pip_install(EXAMPLE, target)
    return target


@pytest.fixture
def installed(example_site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The example is installed for this test; ``uninstall(installed)`` takes it away."""
    monkeypatch.syspath_prepend(str(example_site))
    yield example_site
    sys.modules.pop("billing_provider", None)


class _Billing(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(
            {"clients": {"1": [{"number": "F-311", "due_date": "2026-11-10", "amount": "189.90"}]}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def billing_url() -> Iterator[str]:
    """A real billing service on a local port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Billing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def _desk() -> DatasetBuilder:
    data = DatasetBuilder(now=NOW)
    return data.client("1", status="blocked", maintenance_contract=True).ticket("10", "1")


QUERY = """query { ticket(id: "10") { alertsComplete failedProviders
  alerts { __typename code provider priority
           ... on OverdueInvoicesAlert { total invoices { number dueDate amount } } } } }"""


async def test_its_alerts_appear_at_its_priority_next_to_the_built_ins(
    installed: Path, billing_url: str, start_gateway: StartGateway
) -> None:
    config = {"overdue_invoices": {"base_url": billing_url}}
    async with start_gateway(_desk(), provider_config=config) as gateway:
        ticket = (await gateway.data(QUERY))["ticket"]
    assert [(a["provider"], a["priority"]) for a in ticket["alerts"]] == [
        ("client_status", 2),
        ("overdue_invoices", 2),
        ("maintenance_contract", 3),
    ]
    overdue = ticket["alerts"][1]
    assert overdue["__typename"] == "OverdueInvoicesAlert"
    assert overdue["invoices"] == [{"number": "F-311", "dueDate": "2026-11-10", "amount": "189.90"}]
    assert ticket["alertsComplete"] is True


async def test_they_vanish_when_disabled_or_uninstalled(
    installed: Path,
    billing_url: str,
    start_gateway: StartGateway,
) -> None:
    config = {"overdue_invoices": {"base_url": billing_url}}
    async with start_gateway(
        _desk(), provider_config=config, disabled_providers=["overdue_invoices"]
    ) as gateway:
        disabled = [alert["provider"] for alert in await gateway.ticket_alerts("10")]
    uninstall(installed)
    async with start_gateway(_desk()) as gateway:
        uninstalled = [alert["provider"] for alert in await gateway.ticket_alerts("10")]
    assert disabled == uninstalled == ["client_status", "maintenance_contract"]


async def test_a_billing_service_that_is_down_leaves_the_other_alerts(
    installed: Path, start_gateway: StartGateway
) -> None:
    config = {"overdue_invoices": {"base_url": "http://127.0.0.1:9/api", "timeout": 1}}
    async with start_gateway(_desk(), provider_config=config) as gateway:
        body = await gateway.execute(QUERY)
    ticket = body["data"]["ticket"]
    assert [alert["provider"] for alert in ticket["alerts"]] == [
        "client_status",
        "maintenance_contract",
    ]
    assert ticket["alertsComplete"] is False
    assert ticket["failedProviders"] == ["overdue_invoices"]
    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "PROVIDER_SOURCE_UNAVAILABLE",
        "provider": "overdue_invoices",
    }
    assert "billing service at http://127.0.0.1:9/api is unreachable" in error["message"]


def _providers_json(site: Path | None, **environment: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "gateway", "providers", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=with_site(site, **environment),
    )
    return {row["name"]: row for row in json.loads(result.stdout)}


def test_the_providers_command_shows_the_installed_package(example_site: Path) -> None:
    configured = _providers_json(
        example_site, GATEWAY_PROVIDER_CONFIG__overdue_invoices__base_url="http://billing/api"
    )
    assert configured["overdue_invoices"] == {
        "name": "overdue_invoices",
        "package": "alerts-billing-provider",
        "version": "0.1.0",
        "priority": 2,
        "enabled": True,
        "required": False,
        "loaded": True,
        "error": None,
    }
    unconfigured = _providers_json(example_site)["overdue_invoices"]
    assert unconfigured["loaded"] is False
    assert unconfigured["error"] == (
        "invalid config: GATEWAY_PROVIDER_CONFIG__overdue_invoices__base_url: Field required"
    )
    assert "overdue_invoices" not in _providers_json(None)


def test_its_own_test_suite_passes_once_installed(example_site: Path) -> None:
    result = run_tests(EXAMPLE, example_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
