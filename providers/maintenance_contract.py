"""Maintenance contract: the client is eligible for HelpDesk, and the vendor answers for the
equipment, so the consultant never sends the client to a local technician."""

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
    Sector,
    Severity,
)
from providers import catalogue


@strawberry.type(description="The client has a maintenance contract in force.")
class MaintenanceContractAlert(AlertType):
    helpdesk_sector: Sector = strawberry.field(description="The sector that attends HelpDesk.")


class MaintenanceContractProvider(ClientAlertProvider):
    api_version = "1.0"
    default_priority = 3
    graphql_type = MaintenanceContractAlert

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext
    ) -> AlertsById:
        _ = catalogue.gettext(context.locale)
        alert = Alert(
            code="maintenance_contract",
            severity=Severity.INFO,
            title=_.gettext("Maintenance contract: eligible for HelpDesk"),
            message=_.gettext(
                "The client has a maintenance contract and is eligible for HelpDesk (sector "
                "Diversos). The vendor is responsible for the equipment working: never send the "
                "client to a local technician."
            ),
            details={"helpdesk_sector": Sector.DIVERSOS},
        )
        return {client.id: [alert] for client in clients if client.maintenance_contract}
