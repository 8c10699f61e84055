"""schema.graphql is the printed schema; it must never drift from the code."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gateway.cli import main
from gateway.registry import discover
from gateway.settings import Settings

SCHEMA_FILE = Path(__file__).parent.parent / "schema.graphql"
BUILT_IN_PACKAGE = "ticket-alerts-gateway"


def _third_party_providers() -> list[str]:
    return [info.name for info in discover(Settings()).found if info.package != BUILT_IN_PACKAGE]


def test_schema_file_is_what_export_schema_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    # The committed schema is the built-in providers' one, whatever else is installed here.
    monkeypatch.setenv("GATEWAY_DISABLED_PROVIDERS", json.dumps(_third_party_providers()))
    out = io.StringIO()
    assert main(["export-schema"], out=out) == 0
    assert out.getvalue() == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "schema.graphql is stale: run `alerts-gateway export-schema -o schema.graphql`"
    )


def test_every_built_in_alert_has_its_typed_alert_type() -> None:
    schema = SCHEMA_FILE.read_text(encoding="utf-8")
    for name in (
        "OpenTicketsAlert",
        "ClientStatusAlert",
        "MaintenanceContractAlert",
        "LocalBackupAlert",
        "IntegrationAlert",
        "MissingInstallationDateAlert",
        "CustomAlert",
        "CertificateAlert",
        "GenericAlert",
    ):
        assert f"type {name} implements Alert" in schema


def test_export_schema_writes_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_DISABLED_PROVIDERS", json.dumps(_third_party_providers()))
    target = tmp_path / "schema.graphql"
    assert main(["export-schema", "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")
