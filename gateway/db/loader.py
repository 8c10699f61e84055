"""``alerts-gateway db load``: the JSON data format, validated whole before anything is written.

docs/data.md documents the format. A file is checked in full first (shape, values, duplicate
ids, references to clients and consultants in the file or already in the database); any problem
stops the load with one line per problem, each naming its place (``clients[3].status``), and
nothing is written. A valid file is written in one transaction: records whose id exists are
updated, the others inserted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import domain
from gateway.db.models import ID_LENGTH, Base, CertificateRow, ClientRow, ConsultantRow, TicketRow
from gateway.db.session import Database
from gateway.errors import LoadError

Id = Annotated[str, Field(min_length=1, max_length=ID_LENGTH)]
Text = Annotated[str, Field(min_length=1, max_length=500)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConsultantIn(_Record):
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]


class IntegrationIn(_Record):
    role: domain.IntegrationRole
    kind: domain.IntegrationKind
    store_number: Annotated[int, Field(ge=1)]


class ClientIn(_Record):
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]
    status: domain.ClientStatus
    status_reason: domain.StatusReason | None = None
    maintenance_contract: bool = False
    backup: domain.BackupMode = domain.BackupMode.NONE
    integration: IntegrationIn | None = None
    installation_date: date | None = None
    alerts: str | None = None


class CertificateIn(_Record):
    client_id: Id
    kind: domain.CertificateKind
    expires_at: date


class TicketIn(_Record):
    id: Id
    number: Annotated[int, Field(ge=0)]
    client_id: Id
    subject: Text
    status: domain.TicketStatus
    sector: domain.Sector
    consultant_id: Id | None = None
    opened_at: AwareDatetime
    finished_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _finished_after_opened(self) -> TicketIn:
        if self.finished_at is not None and self.finished_at < self.opened_at:
            raise ValueError("finished_at is before opened_at")
        return self


class Dataset(_Record):
    consultants: list[ConsultantIn] = []
    clients: list[ClientIn] = []
    certificates: list[CertificateIn] = []
    tickets: list[TicketIn] = []


@dataclass(frozen=True, slots=True)
class LoadSummary:
    consultants: int
    clients: int
    certificates: int
    tickets: int

    def __str__(self) -> str:
        return (
            f"{self.consultants} consultants, {self.clients} clients, "
            f"{self.certificates} certificates, {self.tickets} tickets"
        )


def _where(location: Sequence[int | str]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def _problem(error: Any) -> str:
    kind, given = error["type"], error.get("input")
    if kind in {"enum", "literal_error"}:
        expected = re.sub(r"'([^']*)'", r"\1", error["ctx"]["expected"]).replace(" or ", ", ")
        return f"{given!r} is not one of {expected}"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of the format (see docs/data.md)"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "timezone_aware":
        return f"{message} (got {given!r})"
    return message


def validate_shape(data: object) -> Dataset:
    """The dataset, or LoadError listing every problem of shape and value."""
    try:
        return Dataset.model_validate(data)
    except ValidationError as error:
        raise LoadError(
            [f"{_where(problem['loc'])}: {_problem(problem)}" for problem in error.errors()]
        ) from None


def _duplicates(name: str, keys: Iterable[object]) -> list[str]:
    seen: dict[object, int] = {}
    problems = []
    for index, key in enumerate(keys):
        if key in seen:
            problems.append(f"{name}[{index}]: repeats {name}[{seen[key]}] ({key!r})")
        else:
            seen[key] = index
    return problems


async def _existing(session: AsyncSession, table: Any, ids: set[str]) -> set[str]:
    found: set[str] = set()
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(await session.scalars(select(table.id).where(table.id.in_(chunk))))
    return found


async def check_references(session: AsyncSession, dataset: Dataset) -> list[str]:
    problems = [
        *_duplicates("consultants", (c.id for c in dataset.consultants)),
        *_duplicates("clients", (c.id for c in dataset.clients)),
        *_duplicates("tickets", (t.id for t in dataset.tickets)),
        *_duplicates(
            "certificates", ((c.client_id, c.kind, c.expires_at) for c in dataset.certificates)
        ),
    ]
    clients = {client.id for client in dataset.clients}
    consultants = {consultant.id for consultant in dataset.consultants}
    wanted_clients = {c.client_id for c in dataset.certificates} | {
        t.client_id for t in dataset.tickets
    }
    wanted_consultants = {t.consultant_id for t in dataset.tickets if t.consultant_id is not None}
    clients |= await _existing(session, ClientRow, wanted_clients - clients)
    consultants |= await _existing(session, ConsultantRow, wanted_consultants - consultants)
    for index, certificate in enumerate(dataset.certificates):
        if certificate.client_id not in clients:
            problems.append(f"certificates[{index}].client_id: no client {certificate.client_id!r}")
    for index, ticket in enumerate(dataset.tickets):
        if ticket.client_id not in clients:
            problems.append(f"tickets[{index}].client_id: no client {ticket.client_id!r}")
        if ticket.consultant_id is not None and ticket.consultant_id not in consultants:
            problems.append(
                f"tickets[{index}].consultant_id: no consultant {ticket.consultant_id!r}"
            )
    return problems


def _client_row(client: ClientIn) -> dict[str, Any]:
    integration = client.integration
    return {
        "id": client.id,
        "name": client.name,
        "status": client.status,
        "status_reason": client.status_reason,
        "maintenance_contract": client.maintenance_contract,
        "backup": client.backup,
        "integration_role": integration.role if integration else None,
        "integration_kind": integration.kind if integration else None,
        "integration_store_number": integration.store_number if integration else None,
        "installation_date": client.installation_date,
        "custom_alerts": client.alerts,
    }


async def _upsert(
    session: AsyncSession, model: type[Base], rows: list[dict[str, Any]], keys: Sequence[str]
) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        statement = insert(model).values(chunk)
        updates = {name: statement.excluded[name] for name in chunk[0] if name not in keys}
        if updates:
            statement = statement.on_conflict_do_update(index_elements=list(keys), set_=updates)
        else:
            statement = statement.on_conflict_do_nothing(index_elements=list(keys))
        await session.execute(statement)


async def write(session: AsyncSession, dataset: Dataset) -> LoadSummary:
    await _upsert(
        session,
        ConsultantRow,
        [consultant.model_dump() for consultant in dataset.consultants],
        ["id"],
    )
    await _upsert(session, ClientRow, [_client_row(c) for c in dataset.clients], ["id"])
    await _upsert(
        session,
        CertificateRow,
        [certificate.model_dump() for certificate in dataset.certificates],
        ["client_id", "kind", "expires_at"],
    )
    await _upsert(session, TicketRow, [ticket.model_dump() for ticket in dataset.tickets], ["id"])
    return LoadSummary(
        consultants=len(dataset.consultants),
        clients=len(dataset.clients),
        certificates=len(dataset.certificates),
        tickets=len(dataset.tickets),
    )


async def load_data(database: Database, data: object) -> LoadSummary:
    """Validate ``data`` (the decoded JSON) whole, then write it in one transaction."""
    dataset = validate_shape(data)
    async with database.transaction() as session:
        problems = await check_references(session, dataset)
        if problems:
            raise LoadError(problems)
        return await write(session, dataset)


def read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LoadError([f"{path}: cannot be read ({error.strerror})"]) from None
    except UnicodeDecodeError:
        raise LoadError([f"{path}: is not UTF-8 text"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(
            [f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg})"]
        ) from None


async def load_file(database: Database, path: Path) -> LoadSummary:
    return await load_data(database, read_json(path))
