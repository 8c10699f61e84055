"""Integration: the store takes part in an integration between stores (products or remote
access), with its own particularities: fixed LAN addresses, data that branches may not change."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from gateway.plugin import (
    Alert,
    AlertsById,
    AlertType,
    Client,
    ClientAlertProvider,
    Integration,
    IntegrationKind,
    IntegrationRole,
    ProviderContext,
    Severity,
)
from providers import catalogue


@strawberry.type(description="The client takes part in an integration between stores.")
class IntegrationAlert(AlertType):
    role: IntegrationRole
    kind: IntegrationKind
    store_number: int


class IntegrationProvider(ClientAlertProvider):
    api_version = "1.0"
    default_priority = 5
    graphql_type = IntegrationAlert

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext
    ) -> AlertsById:
        return {
            client.id: [self._alert(client.integration, context)]
            for client in clients
            if client.integration is not None
        }

    @staticmethod
    def _alert(integration: Integration, context: ProviderContext) -> Alert:
        _ = catalogue.gettext(context.locale)
        role = {
            IntegrationRole.HEAD_OFFICE: _.gettext("head office"),
            IntegrationRole.BRANCH: _.gettext("branch"),
        }[integration.role]
        kind = {
            IntegrationKind.PRODUCTS: _.gettext("products"),
            IntegrationKind.REMOTE_ACCESS: _.gettext("remote access"),
        }[integration.kind]
        lines = [
            _.gettext(
                "The store takes part in an integration of {kind} as {role}, store number "
                "{store}. It may have fixed IP addresses on the local network and parameters "
                "that forbid changing data in the branch stores."
            ).format(kind=kind, role=role, store=integration.store_number)
        ]
        if (
            integration.role is IntegrationRole.BRANCH
            and integration.kind is IntegrationKind.PRODUCTS
        ):
            lines.append(
                _.gettext(
                    "After a product integration the branch must import its digital "
                    "certificate again."
                )
            )
        return Alert(
            code="integration",
            severity=Severity.INFO,
            title=_.gettext("Integration: {role}, store {store}").format(
                role=role, store=integration.store_number
            ),
            message=" ".join(lines),
            details={
                "role": integration.role,
                "kind": integration.kind,
                "store_number": integration.store_number,
            },
        )
