"""Client status: a cancelled or inactive client must not be served; a blocked one may.

Cancelled and inactive block service, with the way back: settle the debts when the reason is
non-payment, ask for reactivation when the client asked to cancel. Blocked (two overdue invoices)
is a warning only.
"""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from gateway.plugin import (
    Alert,
    AlertsById,
    AlertType,
    Client,
    ClientAlertProvider,
    ClientStatus,
    ProviderContext,
    Severity,
    StatusReason,
)
from providers import catalogue


@strawberry.type(description="The client is cancelled, inactive or blocked.")
class ClientStatusAlert(AlertType):
    status: ClientStatus
    reason: StatusReason | None = strawberry.field(description="Why, when the record says.")


class ClientStatusProvider(ClientAlertProvider):
    api_version = "1.0"
    default_priority = 2
    graphql_type = ClientStatusAlert

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext
    ) -> AlertsById:
        alerts: dict[str, list[Alert]] = {}
        for client in clients:
            alert = self._alert(client, context)
            if alert is not None:
                alerts[client.id] = [alert]
        return alerts

    def _alert(self, client: Client, context: ProviderContext) -> Alert | None:
        _ = catalogue.gettext(context.locale)
        details = {"status": client.status, "reason": client.status_reason}
        if client.status is ClientStatus.BLOCKED:
            return Alert(
                code="client_blocked",
                severity=Severity.WARNING,
                title=_.gettext("Client blocked: payments overdue"),
                message=_.gettext(
                    "The client has overdue invoices. Service continues: attend the request "
                    "and remind the client to settle the payments, or the system will be "
                    "cancelled."
                ),
                details=details,
            )
        if client.status not in (ClientStatus.CANCELLED, ClientStatus.INACTIVE):
            return None
        if client.status is ClientStatus.CANCELLED:
            code, title = "client_cancelled", _.gettext("Client cancelled: do not serve")
        else:
            code, title = "client_inactive", _.gettext("Client inactive: do not serve")
        refusal = _.gettext("Do not provide service to this client.")
        if client.status_reason is StatusReason.NON_PAYMENT:
            guidance = _.gettext(
                "The reason is non-payment: guide the client to settle the debts; service "
                "resumes once the system is reactivated."
            )
        elif client.status_reason is StatusReason.CLIENT_REQUEST:
            guidance = _.gettext(
                "The client asked for the cancellation: guide them to request the reactivation "
                "of the system."
            )
        else:
            guidance = _.gettext(
                "Find out why: if for non-payment, guide the client to settle the debts; if the "
                "client asked for it, guide them to request the reactivation of the system."
            )
        return Alert(
            code=code,
            severity=Severity.CRITICAL,
            title=title,
            message=f"{refusal} {guidance}",
            blocks_service=True,
            details=details,
        )
