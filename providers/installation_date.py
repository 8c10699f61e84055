"""Finished tickets without an installation date: the implementation may be incomplete, or the
date was simply never recorded."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from sqlalchemy import func, select

from gateway.plugin import (
    Alert,
    AlertsById,
    AlertType,
    Client,
    ClientAlertProvider,
    ProviderContext,
    Severity,
    TicketRow,
    TicketStatus,
    format_number,
)
from providers import catalogue


@strawberry.type(description="The client has finished tickets but no installation date.")
class MissingInstallationDateAlert(AlertType):
    finished_tickets: int = strawberry.field(description="How many tickets are finished.")


class InstallationDateProvider(ClientAlertProvider):
    api_version = "1.0"
    default_priority = 6
    graphql_type = MissingInstallationDateAlert

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext
    ) -> AlertsById:
        undated = [client.id for client in clients if client.installation_date is None]
        if not undated:
            return {}
        query = (
            select(TicketRow.client_id, func.count())
            .where(TicketRow.client_id.in_(undated), TicketRow.status == TicketStatus.FINISHED)
            .group_by(TicketRow.client_id)
        )
        async with context.database.session() as session:
            finished = {client_id: count for client_id, count in await session.execute(query)}
        _ = catalogue.gettext(context.locale)
        alerts: dict[str, list[Alert]] = {}
        for client_id, count in finished.items():
            alerts[client_id] = [
                Alert(
                    code="missing_installation_date",
                    severity=Severity.WARNING,
                    title=_.gettext("Finished tickets without installation date"),
                    message=_.ngettext(
                        "The client has {count} finished ticket but no installation date. Check "
                        "the whole implementation status of the client, and whether the "
                        "installation date should already have been filled in.",
                        "The client has {count} finished tickets but no installation date. Check "
                        "the whole implementation status of the client, and whether the "
                        "installation date should already have been filled in.",
                        count,
                    ).format(count=format_number(count, context.locale)),
                    details={"finished_tickets": count},
                )
            ]
        return alerts
