"""The domain's enums, registered once as GraphQL enums under their schema names.

Strawberry marks the enum classes themselves, so any type (a provider's included) annotates a
field with ``gateway.domain.TicketStatus`` and gets the same GraphQL enum. Importing this module
is what registers them; ``gateway.graphql.alerts`` does.
"""

from __future__ import annotations

import strawberry

from gateway import domain

strawberry.enum(
    domain.Severity,
    name="AlertSeverity",
    description="How much an alert matters. A CRITICAL alert may also block service.",
)
strawberry.enum(domain.TicketStatus, name="TicketStatus")
strawberry.enum(domain.ClientStatus, name="ClientStatus")
strawberry.enum(domain.StatusReason, name="StatusReason")
strawberry.enum(domain.Sector, name="Sector")
strawberry.enum(domain.BackupMode, name="BackupMode")
strawberry.enum(domain.IntegrationRole, name="IntegrationRole")
strawberry.enum(domain.IntegrationKind, name="IntegrationKind")
strawberry.enum(domain.CertificateKind, name="CertificateKind")
