"""The domain's enums, registered once as GraphQL enums under their schema names.

Strawberry marks the enum classes themselves, so any type (a provider's included) may annotate a
field with ``gateway.domain.TicketStatus`` and get the same GraphQL enum.
"""

from __future__ import annotations

import strawberry

from gateway import domain

AlertSeverity = strawberry.enum(
    domain.Severity,
    name="AlertSeverity",
    description="How much an alert matters. A CRITICAL alert may also block service.",
)
TicketStatus = strawberry.enum(domain.TicketStatus, name="TicketStatus")
ClientStatus = strawberry.enum(domain.ClientStatus, name="ClientStatus")
StatusReason = strawberry.enum(domain.StatusReason, name="StatusReason")
Sector = strawberry.enum(domain.Sector, name="Sector")
BackupMode = strawberry.enum(domain.BackupMode, name="BackupMode")
IntegrationRole = strawberry.enum(domain.IntegrationRole, name="IntegrationRole")
IntegrationKind = strawberry.enum(domain.IntegrationKind, name="IntegrationKind")
CertificateKind = strawberry.enum(domain.CertificateKind, name="CertificateKind")
