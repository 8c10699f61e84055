"""What operators set about providers: which run, in what order, with what options."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gateway.cli import main
from gateway.errors import RequiredProviderMissing
from gateway.registry import discover
from gateway.settings import Settings
from gateway.testing import DatasetBuilder, GatewayHarness
from tests.support import NOW

BUILT_INS = {
    "open_tickets": 1,
    "client_status": 2,
    "maintenance_contract": 3,
    "local_backup": 4,
    "integration": 5,
    "installation_date": 6,
    "custom": 7,
    "certificate": 8,
}


def _everything() -> DatasetBuilder:
    data = DatasetBuilder(now=NOW)
    data.client("1", alerts="Cliente VIP", maintenance_contract=True, backup="local")
    data.certificate("1", NOW.date())
    data.ticket("10", "1").ticket("11", "1")
    return data


def test_built_in_providers_are_found_through_their_entry_points() -> None:
    found = {info.name: info for info in discover(Settings()).found}
    for name, priority in BUILT_INS.items():
        info = found[name]
        assert info.package == "ticket-alerts-gateway"
        assert info.version
        assert info.priority == priority
        assert info.loaded, info.error
        assert info.target.startswith(f"providers.{name}:")


async def test_disabled_providers_raise_no_alerts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATEWAY_DISABLED_PROVIDERS", '["custom", "local_backup"]')
    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'g.sqlite3'}")
    async with GatewayHarness.start(tmp_path, _everything(), now=NOW, settings=Settings()) as gw:
        codes = [alert["code"] for alert in await gw.ticket_alerts("10")]
    assert codes == ["open_tickets", "maintenance_contract", "certificate_expiring"]


async def test_priority_override_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATEWAY_PROVIDER_PRIORITY__certificate", "0")
    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'g.sqlite3'}")
    async with GatewayHarness.start(tmp_path, _everything(), now=NOW, settings=Settings()) as gw:
        alerts = await gw.ticket_alerts("10")
    assert [(alert["provider"], alert["priority"]) for alert in alerts] == [
        ("certificate", 0),
        ("open_tickets", 1),
        ("maintenance_contract", 3),
        ("local_backup", 4),
        ("custom", 7),
    ]


def test_providers_command_lists_what_was_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_DISABLED_PROVIDERS", '["custom"]')
    out = io.StringIO()
    assert main(["providers"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["NAME", "PACKAGE", "VERSION", "PRIORITY", "ENABLED", "STATUS"]
    rows = {line.split()[0]: line.split() for line in lines[1:] if line.strip()}
    assert rows["open_tickets"][1:2] == ["ticket-alerts-gateway"]
    assert rows["open_tickets"][3:] == ["1", "yes", "loaded"]
    assert rows["custom"][3:] == ["-", "no", "disabled"]


def test_providers_command_speaks_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_PROVIDER_PRIORITY", '{"integration": 42}')
    out = io.StringIO()
    assert main(["providers", "--json"], out=out) == 0
    rows = {row["name"]: row for row in json.loads(out.getvalue())}
    assert rows["integration"]["priority"] == 42
    assert rows["integration"]["enabled"] is True
    assert rows["integration"]["error"] is None


def test_invalid_provider_config_leaves_the_provider_out_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GATEWAY_PROVIDER_CONFIG__certificate__warning_days", "5")
    monkeypatch.setenv("GATEWAY_PROVIDER_CONFIG__certificate__critical_days", "9")
    monkeypatch.setenv("GATEWAY_PROVIDER_CONFIG__local_backup__procces_url", "http://x")
    found = {info.name: info for info in discover(Settings()).found}
    assert found["certificate"].error == (
        "invalid config: GATEWAY_PROVIDER_CONFIG__certificate: "
        "critical_days (9) must not exceed warning_days (5)"
    )
    assert found["local_backup"].error == (
        "invalid config: GATEWAY_PROVIDER_CONFIG__local_backup__procces_url: "
        "Extra inputs are not permitted"
    )
    assert found["integration"].loaded


def test_a_required_provider_that_is_disabled_stops_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gateway.app import create_app

    monkeypatch.setenv("GATEWAY_REQUIRED_PROVIDERS", '["client_status"]')
    monkeypatch.setenv("GATEWAY_DISABLED_PROVIDERS", '["client_status"]')
    with pytest.raises(RequiredProviderMissing, match=r"'client_status'.*DISABLED"):
        create_app(Settings())


def test_settings_errors_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_TIMEZONE", "America/Atlantis")
    monkeypatch.setenv("GATEWAY_PROVIDER_TIMEOUT", "-1")
    assert main(["providers"]) == 2
    err = capsys.readouterr().err
    assert "GATEWAY_TIMEZONE: unknown time zone 'America/Atlantis'" in err
    assert "GATEWAY_PROVIDER_TIMEOUT: Input should be greater than 0" in err
