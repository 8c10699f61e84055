"""`alerts-gateway db load FILE.json`: validated whole, written whole, or not at all."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from gateway.cli import main
from gateway.db.models import CertificateRow, ClientRow, ConsultantRow, TicketRow
from gateway.db.session import Database
from gateway.testing import DatasetBuilder
from tests.support import NOW


def _counts(url: str) -> dict[str, int]:
    async def count() -> dict[str, int]:
        database = Database(url)
        try:
            async with database.session() as session:
                return {
                    row.__tablename__: await session.scalar(select(func.count()).select_from(row))
                    or 0
                    for row in (ConsultantRow, ClientRow, CertificateRow, TicketRow)
                }
        finally:
            await database.dispose()

    return asyncio.run(count())


def _load(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(["db", "load", str(path)], out=out)
    return code, out.getvalue(), capsys.readouterr().err


@pytest.fixture
def configured(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GATEWAY_DATABASE_URL", database_url)
    return database_url


def _file(tmp_path: Path, content: Any) -> Path:
    path = tmp_path / "data.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def _valid() -> dict[str, Any]:
    data = DatasetBuilder(now=NOW).consultant("c1", "Ana Souza")
    for index in range(4):
        data.client(str(100 + index), f"Loja {index}")
    data.certificate("100", NOW.date())
    data.ticket("5001", "100", consultant_id="c1").ticket("5002", "101", "finished")
    return data.build()


def test_a_valid_file_is_loaded(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _load(_file(tmp_path, _valid()), capsys)
    assert (code, err) == (0, "")
    assert out == "loaded 1 consultants, 4 clients, 1 certificates, 2 tickets\n"
    assert _counts(configured) == {"consultants": 1, "clients": 4, "certificates": 1, "tickets": 2}


def test_the_handbook_example_of_a_bad_status(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _valid()
    data["clients"][3]["status"] = "paused"
    code, out, err = _load(_file(tmp_path, data), capsys)
    assert code != 0
    assert out == ""
    assert "clients[3].status: 'paused' is not one of active, blocked, cancelled, inactive" in err
    assert _counts(configured) == {"consultants": 0, "clients": 0, "certificates": 0, "tickets": 0}


def test_every_problem_is_reported_with_its_place(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _valid()
    data["clients"][0]["backup"] = "usb"
    data["clients"][1]["integration"] = {"role": "branch", "kind": "products"}
    data["clients"][2]["installation_date"] = "yesterday"
    del data["clients"][3]["name"]
    data["clients"][0]["colour"] = "blue"
    data["tickets"][0]["opened_at"] = "2026-12-01T09:30:00"
    data["tickets"][1]["sector"] = "vendas"
    code, _, err = _load(_file(tmp_path, data), capsys)
    assert code == 2
    assert err.splitlines()[0] == "alerts-gateway: 7 problems found, nothing was written:"
    lines = set(err.splitlines()[1:])
    assert "clients[0].backup: 'usb' is not one of local, terminal, cloud, none" in lines
    assert "clients[0].colour: is not a field of the format (see docs/data.md)" in lines
    assert "clients[1].integration.store_number: is required" in lines
    assert any(
        line.startswith("clients[2].installation_date: ") and "'yesterday'" in line
        for line in lines
    )
    assert "clients[3].name: is required" in lines
    assert any(line.startswith("tickets[0].opened_at: ") and "timezone" in line for line in lines)
    assert "tickets[1].sector: 'vendas' is not one of operacional, utilitarios, diversos" in lines


def test_references_and_duplicates_are_checked(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _valid()
    data["tickets"][1]["client_id"] = "999"
    data["tickets"][0]["consultant_id"] = "c9"
    data["certificates"][0]["client_id"] = "888"
    data["clients"].append(dict(data["clients"][0]))
    code, _, err = _load(_file(tmp_path, data), capsys)
    assert code == 2
    assert "tickets[1].client_id: no client '999'" in err
    assert "tickets[0].consultant_id: no consultant 'c9'" in err
    assert "certificates[0].client_id: no client '888'" in err
    assert "clients[4]: repeats clients[0] ('100')" in err
    assert _counts(configured)["clients"] == 0


def test_references_may_point_at_records_already_loaded(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _load(_file(tmp_path, _valid()), capsys)[0] == 0
    later = DatasetBuilder(now=NOW).ticket("6000", "102", consultant_id="c1").build()
    code, out, _ = _load(_file(tmp_path, later), capsys)
    assert code == 0
    assert out == "loaded 0 consultants, 0 clients, 0 certificates, 1 tickets\n"
    assert _counts(configured)["tickets"] == 3


def test_loading_the_same_ids_again_updates_them(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _valid()
    assert _load(_file(tmp_path, data), capsys)[0] == 0
    data["clients"][0]["name"] = "Drogaria Renomeada"
    data["clients"][0]["status"] = "cancelled"
    data["tickets"][0]["status"] = "finished"
    assert _load(_file(tmp_path, data), capsys)[0] == 0
    assert _counts(configured) == {"consultants": 1, "clients": 4, "certificates": 1, "tickets": 2}

    async def read() -> tuple[str, str, str]:
        database = Database(configured)
        try:
            async with database.session() as session:
                client = await session.get(ClientRow, "100")
                ticket = await session.get(TicketRow, "5001")
                assert client is not None
                assert ticket is not None
                return client.name, client.status.value, ticket.status.value
        finally:
            await database.dispose()

    assert asyncio.run(read()) == ("Drogaria Renomeada", "cancelled", "finished")


def test_a_file_that_is_not_json_says_where(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _load(_file(tmp_path, '{"clients": [\n  {"id": "1",}\n]}'), capsys)
    assert code == 2
    assert f"{tmp_path / 'data.json'}:2:14: not valid JSON" in err


def test_a_missing_file_is_reported(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _load(tmp_path / "absent.json", capsys)
    assert code == 2
    assert "absent.json: cannot be read (No such file or directory)" in err


def test_load_refuses_a_database_that_is_not_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    code, _, err = _load(_file(tmp_path, _valid()), capsys)
    assert code == 2
    assert "has no gateway tables" in err
    assert "run `alerts-gateway db upgrade`" in err


def test_db_demo_loads_the_demo_data_and_can_run_again(
    configured: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    assert main(["db", "demo"], out=out) == 0
    assert main(["db", "demo"], out=out) == 0  # same ids: updated, not doubled
    assert (
        out.getvalue().splitlines()
        == ["loaded 3 consultants, 7 clients, 6 certificates, 13 tickets"] * 2
    )
    assert _counts(configured) == {"consultants": 3, "clients": 7, "certificates": 6, "tickets": 13}
