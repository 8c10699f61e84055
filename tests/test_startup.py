"""Starting the gateway: the embedded demo, a configured database, the real server."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gateway.app import create_app
from gateway.db.demo import demo_dataset
from gateway.errors import DatabaseNotReady
from gateway.settings import Settings
from gateway.testing import GatewayHarness
from tests.support import NOW

EVERY_ALERT_CODE = {
    "open_tickets",
    "client_cancelled",
    "client_inactive",
    "client_blocked",
    "maintenance_contract",
    "local_backup",
    "integration",
    "missing_installation_date",
    "custom",
    "certificate_expiring",
    "certificate_expired",
}

ALL_ALERTS = "{ tickets(first: 100) { edges { node { number alerts { code severity } } } } }"


async def test_first_start_creates_the_embedded_database_with_demo_data(tmp_path: Path) -> None:
    settings = Settings(embedded_database=tmp_path / "demo.sqlite3")
    async with GatewayHarness.serve(create_app(settings, clock=lambda: NOW)) as gateway:
        page = await gateway.data(ALL_ALERTS)
    assert (tmp_path / "demo.sqlite3").is_file()
    shown = {alert["code"] for edge in page["tickets"]["edges"] for alert in edge["node"]["alerts"]}
    assert shown == EVERY_ALERT_CODE
    severities = {
        (alert["code"], alert["severity"])
        for edge in page["tickets"]["edges"]
        for alert in edge["node"]["alerts"]
    }
    assert ("certificate_expiring", "WARNING") in severities
    assert ("certificate_expiring", "CRITICAL") in severities


async def test_a_second_start_keeps_the_data_it_finds(tmp_path: Path) -> None:
    settings = Settings(embedded_database=tmp_path / "demo.sqlite3")
    async with GatewayHarness.serve(create_app(settings, clock=lambda: NOW)) as gateway:
        first = await gateway.data(ALL_ALERTS)
    async with GatewayHarness.serve(create_app(settings, clock=lambda: NOW)) as gateway:
        second = await gateway.data(ALL_ALERTS)
    assert first == second
    assert len(first["tickets"]["edges"]) == len(demo_dataset(NOW)["tickets"])


async def test_a_configured_database_must_be_migrated_first(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}")
    app = create_app(settings)
    with pytest.raises(DatabaseNotReady, match="run `alerts-gateway db upgrade`"):
        async with app.router.lifespan_context(app):
            pass


def test_an_unsupported_database_url_is_refused_clearly() -> None:
    from gateway.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="'mysql' driver is not supported"):
        create_app(Settings(database_url="mysql://root@localhost/test"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_answers_graphql_over_http_on_a_fresh_directory(tmp_path: Path) -> None:
    """The README's first command, as a newcomer runs it."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql", json={"query": ALL_ALERTS}, timeout=5
                )
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        server.stdout.read().decode() if server.stdout else "server did not start"
                    ) from None
                time.sleep(0.2)
        ide = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"Accept": "text/html"})
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=15)
    assert response.status_code == 200
    codes = {
        alert["code"]
        for edge in response.json()["data"]["tickets"]["edges"]
        for alert in edge["node"]["alerts"]
    }
    assert codes == EVERY_ALERT_CODE
    assert ide.status_code == 200
    assert "graphiql" in ide.text.lower()
    assert (tmp_path / "alerts-gateway.sqlite3").is_file()
    assert f"GraphQL on http://127.0.0.1:{port}/graphql" in output.decode()
    assert server.returncode == 0


def test_python_dash_m_gateway_is_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway", "--version"], capture_output=True, text=True, check=True
    )
    from gateway import __version__

    assert result.stdout.strip() == f"alerts-gateway {__version__}"


def test_serve_refuses_an_unmigrated_database_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.cli import main

    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'new.sqlite3'}")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("alerts-gateway: the database has no gateway tables")
    assert "run `alerts-gateway db upgrade`" in err


def test_serve_refuses_to_start_without_a_required_provider(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.cli import main

    monkeypatch.setenv("GATEWAY_REQUIRED_PROVIDERS", '["billing"]')
    assert main(["serve"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "alerts-gateway: provider 'billing': is required (GATEWAY_REQUIRED_PROVIDERS) but no "
        "installed package provides it"
    )
