"""Custom alerts: the free text of the client's "Alertas" field, verbatim and as plain text."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from gateway.plugin import (
    Alert,
    AlertsById,
    AlertType,
    Client,
    ClientAlertProvider,
    ProviderContext,
    Severity,
)
from providers import catalogue


@strawberry.type(description="The client record's custom alerts field, verbatim.")
class CustomAlert(AlertType):
    text: str = strawberry.field(
        description="The field's text exactly as written: plain text, never markup."
    )


class CustomAlertsProvider(ClientAlertProvider):
    api_version = "1.0"
    default_priority = 7
    graphql_type = CustomAlert

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext
    ) -> AlertsById:
        _ = catalogue.gettext(context.locale)
        return {
            client.id: [
                Alert(
                    code="custom",
                    severity=Severity.INFO,
                    title=_.gettext("Alerts from the client record"),
                    message=client.custom_alerts,
                    details={"text": client.custom_alerts},
                )
            ]
            for client in clients
            if client.custom_alerts is not None and client.custom_alerts.strip()
        }
