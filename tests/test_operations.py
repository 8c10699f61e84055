"""What operators rely on: health, readiness, metrics, request ids, traces, workers, shutdown."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.app import create_app
from gateway.observability import configure_logging
from gateway.settings import Settings
from gateway.testing import DatasetBuilder, GatewayHarness
from tests.support import NOW, StartGateway, install_distribution, with_site

ROOT = Path(__file__).parent.parent
SHELL = shutil.which("sh") or "/bin/sh"


def _desk(tickets: int = 3) -> DatasetBuilder:
    data = DatasetBuilder(now=NOW).client("1", backup="local").client("2", status="cancelled")
    for index in range(tickets):
        data.ticket(str(100 + index), "1" if index % 2 else "2")
    return data


async def test_healthz_answers_while_the_process_lives(start_gateway: StartGateway) -> None:
    async with start_gateway() as gateway:
        response = await gateway.http.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "alive"})


async def test_readyz_is_ready_once_started_with_the_database_reachable(
    start_gateway: StartGateway,
) -> None:
    async with start_gateway() as gateway:
        response = await gateway.http.get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ready"
    assert body["database"] == "ok"
    assert set(body["providers"]) >= {"open_tickets", "client_status", "certificate"}
    assert body["failed_providers"] == {}


async def test_readyz_is_503_before_start_up(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as http:
        response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["started"] is False


# aiosqlite drops the connection object of a failed open without closing it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
async def test_readyz_is_503_when_the_database_is_gone(tmp_path: Path) -> None:
    from gateway.testing import migrated_database

    path = tmp_path / "gone.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    async with migrated_database(url):
        pass
    app = create_app(Settings(database_url=url))
    async with GatewayHarness.serve(app) as gateway:
        await app.state.services.database.engine.dispose()
        path.unlink()
        path.mkdir()  # a folder where the database file was: nothing can open it
        response = await gateway.http.get("/readyz")
    gc.collect()  # collect the leaked connection here, under this test's warning filter
    assert response.status_code == 503
    assert response.json()["database"].startswith("unreachable: ")


async def test_readyz_lists_providers_that_failed_to_load(
    site: Path, start_gateway: StartGateway
) -> None:
    install_distribution(
        site,
        "broken",
        "1.0",
        providers={"broken": "broken:Nope"},
        modules={"broken": "raise ImportError('missing libfoo')\n"},
    )
    async with start_gateway() as gateway:
        response = await gateway.http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["failed_providers"] == {
        "broken": "could not be imported: ImportError('missing libfoo')"
    }


def _metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        metric, _, label_text = series.partition("{")
        found = ",".join(sorted(label_text.rstrip("}").split(","))) if label_text else ""
        if metric == name and found == wanted:
            return float(value)
    return 0.0


async def test_metrics_count_requests_provider_time_failures_and_alerts(
    site: Path, start_gateway: StartGateway
) -> None:
    install_distribution(
        site,
        "slow-alerts",
        "1.0",
        providers={"sleepy": "sleepy:Sleepy"},
        modules={
            "sleepy": """
import asyncio
from gateway.plugin import ClientAlertProvider

class Sleepy(ClientAlertProvider):
    api_version = "1.0"

    async def client_alerts(self, clients, context):
        await asyncio.sleep(5)
"""
        },
    )
    async with start_gateway(_desk(), provider_timeouts={"sleepy": 0.05}) as gateway:
        before = (await gateway.http.get("/metrics")).text
        await gateway.execute("{ tickets(first: 10) { edges { node { alerts { code } } } } }")
        after = (await gateway.http.get("/metrics")).text

    def grew(name: str, **labels: str) -> float:
        return _metric(after, name, **labels) - _metric(before, name, **labels)

    assert grew("gateway_http_requests_total", method="POST", path="/graphql", status="200") == 1
    assert grew("gateway_http_request_duration_seconds_count", method="POST", path="/graphql") == 1
    assert grew("gateway_provider_duration_seconds_count", provider="client_status") == 1
    assert grew("gateway_provider_failures_total", provider="sleepy", code="PROVIDER_TIMEOUT") == 1
    assert (
        grew("gateway_alerts_emitted_total", provider="client_status", severity="CRITICAL") == 1
    )  # one client cancelled, whatever its ticket count
    assert grew("gateway_alerts_emitted_total", provider="local_backup", severity="WARNING") == 1


async def test_every_log_line_of_a_request_carries_its_id(
    start_gateway: StartGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    async with start_gateway(_desk()) as gateway:
        configure_logging("INFO", json_lines=True)
        answered = await gateway.http.post(
            "/graphql",
            json={"query": '{ ticket(id: "100") { id } }'},
            headers={"X-Request-Id": "desk-7f3a"},
        )
        generated = await gateway.http.get("/healthz")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    assert answered.headers["x-request-id"] == "desk-7f3a"
    assert len(generated.headers["x-request-id"]) == 32
    access = [line for line in lines if line["logger"] == "gateway.access"]
    assert access[0]["message"].startswith("POST /graphql 200 ")
    assert access[0]["request_id"] == "desk-7f3a"
    assert access[0]["level"] == "INFO"
    assert access[1]["request_id"] == generated.headers["x-request-id"]


@pytest.fixture(scope="module")
def spans() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return exporter


async def test_tracing_makes_one_span_per_provider_call_not_per_field(
    spans: InMemorySpanExporter, start_gateway: StartGateway
) -> None:
    spans.clear()
    async with start_gateway(_desk(20), tracing=True) as gateway:
        await gateway.data(
            "{ tickets(first: 20) { edges { node { alerts { code } "
            "client { alerts { code } } } } } }"
        )
    names = sorted(span.name for span in spans.get_finished_spans())
    assert names == sorted(
        f"provider {name}"
        for name in (
            "open_tickets",
            "client_status",
            "maintenance_contract",
            "local_backup",
            "integration",
            "installation_date",
            "custom",
            "certificate",
        )
    )
    [status] = [s for s in spans.get_finished_spans() if s.name == "provider client_status"]
    assert status.attributes is not None
    assert status.attributes["gateway.batch_size"] == 2


# ---------------------------------------------------------------- the real server, as deployed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode() if process.stdout else "died")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not get ready")


SLOW = """
import asyncio, os, pathlib
from gateway.plugin import Alert, ClientAlertProvider, Severity

class Slow(ClientAlertProvider):
    api_version = "1.0"

    async def client_alerts(self, clients, context):
        pathlib.Path(os.environ["SLOW_STARTED"]).touch()
        await asyncio.sleep(1.5)
        return {c.id: [Alert(code="slow", severity=Severity.INFO, title="t", message="m")]
                for c in clients}
"""


def test_shutdown_lets_in_flight_requests_finish(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    install_distribution(
        site, "slow-alerts", "1.0", providers={"slow": "slow:Slow"}, modules={"slow": SLOW}
    )
    port = _free_port()
    started = tmp_path / "slow-started"
    server = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=with_site(site, GATEWAY_PROVIDER_TIMEOUT="10", SLOW_STARTED=str(started)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(port, server)
        answers: list[httpx.Response] = []
        request = threading.Thread(
            target=lambda: answers.append(
                httpx.post(
                    f"http://127.0.0.1:{port}/graphql",
                    timeout=20,
                    json={"query": '{ ticket(id: "5004") { alerts { code } } }'},
                )
            )
        )
        request.start()
        deadline = time.monotonic() + 20
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists(), "the request never reached the slow provider"
        server.send_signal(signal.SIGTERM)  # while the request waits on the slow provider
        request.join(20)
        server.communicate(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    # uvicorn exits by re-raising the SIGTERM it handled, once everything is done.
    assert server.returncode in {0, -signal.SIGTERM}
    [answer] = answers
    assert answer.status_code == 200
    assert {"code": "slow"} in answer.json()["data"]["ticket"]["alerts"]


def test_several_workers_serve_the_same_answers(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--port", str(port), "--workers", "2"],
        cwd=tmp_path,
        env=with_site(None),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    query = {"query": '{ ticket(id: "5001") { alerts { code title } } }'}
    try:
        _wait_ready(port, server)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            answers = [
                http.post("/graphql", json=query, headers={"Connection": "close"}).json()
                for _ in range(20)
            ]
            metrics = http.get("/metrics").text
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
    assert all(answer == answers[0] for answer in answers)
    assert len(answers[0]["data"]["ticket"]["alerts"]) == 5
    assert (
        _metric(
            metrics, "gateway_http_requests_total", method="POST", path="/graphql", status="200"
        )
        == 20
    )


def test_container_entrypoint_migrates_then_serves(tmp_path: Path) -> None:
    """docker/entrypoint.sh, run outside a container against a fresh database."""
    port = _free_port()
    url = f"sqlite+aiosqlite:///{tmp_path / 'container.sqlite3'}"
    bin_dir = Path(sys.executable).parent
    env = with_site(
        None,
        GATEWAY_DATABASE_URL=url,
        PORT=str(port),
        WORKERS="1",
        HOST="127.0.0.1",
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    )
    assert shutil.which("alerts-gateway", path=env["PATH"])
    server = subprocess.Popen(
        [SHELL, str(ROOT / "docker" / "entrypoint.sh")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(port, server)
        ready: dict[str, Any] = httpx.get(f"http://127.0.0.1:{port}/readyz").json()
        introspection = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ __schema { queryType { name } } }"},
        ).json()
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert ready["status"] == "ready"
    assert introspection["data"] is None  # a configured database means production defaults
    assert b"entrypoint: applying migrations" in output
    assert server.returncode in {0, -signal.SIGTERM}


def test_container_entrypoint_refuses_to_start_without_a_database() -> None:
    result = subprocess.run(
        [SHELL, str(ROOT / "docker" / "entrypoint.sh")],
        env=with_site(None),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 64
    assert "set GATEWAY_DATABASE_URL" in result.stderr
