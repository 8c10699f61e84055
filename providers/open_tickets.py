"""Open tickets: the client's other tickets not yet finished or cancelled.

Each must be read before starting: it may interfere with this request, and the client may
already be attended by another consultant, which rules out contacting them now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import strawberry
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from gateway.plugin import (
    OPEN_TICKET_STATUSES,
    Alert,
    AlertsById,
    AlertType,
    ConsultantType,
    ProviderContext,
    Severity,
    Ticket,
    TicketAlertProvider,
    TicketRow,
    TicketStatus,
    format_number,
)
from providers import catalogue


@strawberry.type(description="Another open ticket of the same client.")
class OpenTicketSummary:
    id: strawberry.ID
    number: int
    subject: str
    status: TicketStatus
    consultant: ConsultantType | None
    opened_at: datetime | None


@strawberry.type(description="The client has other open tickets; read them all before starting.")
class OpenTicketsAlert(AlertType):
    count: int = strawberry.field(description="How many other open tickets.")
    open_tickets: list[OpenTicketSummary] = strawberry.field(
        description="The other open tickets, oldest first."
    )
    with_other_consultants: list[OpenTicketSummary] = strawberry.field(
        description="Those in progress with a consultant other than the viewer "
        "(empty when the viewer is not known)."
    )


def _summary(ticket: Ticket) -> OpenTicketSummary:
    return OpenTicketSummary(
        id=strawberry.ID(ticket.id),
        number=ticket.number,
        subject=ticket.subject,
        status=ticket.status,
        consultant=ConsultantType.of(ticket.consultant) if ticket.consultant else None,
        opened_at=ticket.opened_at,
    )


class OpenTicketsProvider(TicketAlertProvider):
    api_version = "1.0"
    default_priority = 1
    graphql_type = OpenTicketsAlert

    async def ticket_alerts(
        self, tickets: Sequence[Ticket], context: ProviderContext
    ) -> AlertsById:
        client_ids = {ticket.client.id for ticket in tickets}
        query = (
            select(TicketRow)
            .options(joinedload(TicketRow.client, innerjoin=True), joinedload(TicketRow.consultant))
            .where(TicketRow.client_id.in_(client_ids), TicketRow.status.in_(OPEN_TICKET_STATUSES))
            .order_by(TicketRow.opened_at, TicketRow.id)
        )
        async with context.database.session() as session:
            rows = (await session.scalars(query)).unique()
            by_client: dict[str, list[Ticket]] = defaultdict(list)
            for row in rows:
                by_client[row.client_id].append(row.to_domain())

        alerts: dict[str, list[Alert]] = {}
        for ticket in tickets:
            others = [other for other in by_client[ticket.client.id] if other.id != ticket.id]
            if others:
                alerts[ticket.id] = [self._alert(others, context)]
        return alerts

    def _alert(self, others: list[Ticket], context: ProviderContext) -> Alert:
        _ = catalogue.gettext(context.locale)
        viewer = context.viewer.consultant_id
        elsewhere = [
            (ticket, ticket.consultant)
            for ticket in others
            if viewer is not None
            and ticket.status is TicketStatus.IN_PROGRESS
            and ticket.consultant is not None
            and ticket.consultant.id != viewer
        ]
        count = len(others)
        title = _.ngettext("{count} other open ticket", "{count} other open tickets", count)
        title = title.format(count=format_number(count, context.locale))
        lines = [
            _.gettext(
                "Read every open ticket before starting: it may interfere with this request, "
                "and the client may already be attended by another consultant."
            )
        ]
        for ticket in others:
            lines.append(self._line(ticket, context))
        for ticket, consultant in elsewhere:
            lines.append(
                _.gettext(
                    "Ticket #{number} is in progress with {consultant}: talk to them before "
                    "contacting the client."
                ).format(number=ticket.number, consultant=consultant.name)
            )
        return Alert(
            code="open_tickets",
            severity=Severity.WARNING,
            title=title,
            message="\n".join(lines),
            details={
                "count": count,
                "open_tickets": [_summary(ticket) for ticket in others],
                "with_other_consultants": [_summary(ticket) for ticket, _c in elsewhere],
            },
        )

    @staticmethod
    def _line(ticket: Ticket, context: ProviderContext) -> str:
        _ = catalogue.gettext(context.locale)
        status = {
            TicketStatus.OPEN: _.gettext("open"),
            TicketStatus.IN_PROGRESS: _.gettext("in progress"),
            TicketStatus.WAITING: _.gettext("waiting"),
        }.get(ticket.status, ticket.status.value)
        if ticket.consultant is None:
            return _.gettext("#{number} “{subject}” ({status}, no consultant yet)").format(
                number=ticket.number, subject=ticket.subject, status=status
            )
        return _.gettext("#{number} “{subject}” ({status}, {consultant})").format(
            number=ticket.number,
            subject=ticket.subject,
            status=status,
            consultant=ticket.consultant.name,
        )
