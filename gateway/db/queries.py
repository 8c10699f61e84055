"""The reads the API makes: a ticket, a page of tickets, a client. One statement each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from gateway import domain
from gateway.db.models import ClientRow, TicketRow


def _tickets() -> Select[TicketRow]:
    return select(TicketRow).options(
        joinedload(TicketRow.client, innerjoin=True), joinedload(TicketRow.consultant)
    )


async def ticket(session: AsyncSession, ticket_id: str) -> domain.Ticket | None:
    row = await session.scalar(_tickets().where(TicketRow.id == ticket_id))
    return row.to_domain() if row else None


async def client(session: AsyncSession, client_id: str) -> domain.Client | None:
    row = await session.get(ClientRow, client_id)
    return row.to_domain() if row else None


@dataclass(frozen=True, slots=True)
class PageKey:
    """Where a page of tickets starts: after the ticket opened at ``opened_at`` with ``id``."""

    opened_at: datetime
    id: str


@dataclass(frozen=True, slots=True)
class TicketPage:
    tickets: list[domain.Ticket]
    has_next: bool


async def ticket_page(
    session: AsyncSession,
    *,
    first: int,
    after: PageKey | None = None,
    statuses: Sequence[domain.TicketStatus] = (),
    client_id: str | None = None,
) -> TicketPage:
    """Tickets newest first (by opening time, then id), ``first`` of them after ``after``."""
    query = _tickets().order_by(TicketRow.opened_at.desc(), TicketRow.id.desc())
    if after is not None:
        query = query.where(
            or_(
                TicketRow.opened_at < after.opened_at,
                and_(TicketRow.opened_at == after.opened_at, TicketRow.id < after.id),
            )
        )
    if statuses:
        query = query.where(TicketRow.status.in_(statuses))
    if client_id is not None:
        query = query.where(TicketRow.client_id == client_id)
    rows = list((await session.scalars(query.limit(first + 1))).unique())
    return TicketPage(tickets=[row.to_domain() for row in rows[:first]], has_next=len(rows) > first)
