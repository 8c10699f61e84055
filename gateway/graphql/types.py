"""The GraphQL object types: tickets, clients, consultants and the ticket connection."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime

import strawberry
from strawberry.types import Info

from gateway import domain
from gateway.db.queries import PageKey
from gateway.errors import InvalidInput
from gateway.graphql.alerts import AlertType, ConsultantType
from gateway.graphql.context import GatewayContext

GatewayInfo = Info[GatewayContext, None]


def _path(info: GatewayInfo) -> list[str | int]:
    return list(info.path.as_list())


@strawberry.type(
    name="Integration", description="The client's part in an integration between stores."
)
class IntegrationType:
    role: domain.IntegrationRole
    kind: domain.IntegrationKind
    store_number: int


@strawberry.type(name="Client", description="A store using the vendor's system.")
class ClientType:
    record: strawberry.Private[domain.Client]

    @strawberry.field(description="The helpdesk's own id of the client.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.id)

    @strawberry.field
    def name(self) -> str:
        return self.record.name

    @strawberry.field
    def status(self) -> domain.ClientStatus:
        return self.record.status

    @strawberry.field(description="Why the client is cancelled or inactive, when known.")
    def status_reason(self) -> domain.StatusReason | None:
        return self.record.status_reason

    @strawberry.field
    def maintenance_contract(self) -> bool:
        return self.record.maintenance_contract

    @strawberry.field
    def backup(self) -> domain.BackupMode:
        return self.record.backup

    @strawberry.field
    def integration(self) -> IntegrationType | None:
        found = self.record.integration
        if found is None:
            return None
        return IntegrationType(role=found.role, kind=found.kind, store_number=found.store_number)

    @strawberry.field
    def installation_date(self) -> date | None:
        return self.record.installation_date

    @strawberry.field(
        description="The alerts of the client itself: every alert that does not depend on a "
        "particular ticket, merged by priority."
    )
    async def alerts(self, info: GatewayInfo) -> list[AlertType]:
        found = await info.context.client_alerts.load(self.record)
        info.context.report(found.failures, _path(info))
        return list(found.alerts)

    @strawberry.field(description="False when a provider failed and `alerts` may be missing some.")
    async def alerts_complete(self, info: GatewayInfo) -> bool:
        return (await info.context.client_alerts.load(self.record)).complete

    @strawberry.field(description="The providers whose alerts are missing from `alerts`.")
    async def failed_providers(self, info: GatewayInfo) -> list[str]:
        found = await info.context.client_alerts.load(self.record)
        return [failure.provider for failure in found.failures]


@strawberry.type(name="Ticket", description="A support request of one client.")
class TicketType:
    record: strawberry.Private[domain.Ticket]

    @strawberry.field(description="The helpdesk's own id of the ticket.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.id)

    @strawberry.field(description="The number consultants and clients quote.")
    def number(self) -> int:
        return self.record.number

    @strawberry.field
    def subject(self) -> str:
        return self.record.subject

    @strawberry.field
    def status(self) -> domain.TicketStatus:
        return self.record.status

    @strawberry.field
    def sector(self) -> domain.Sector:
        return self.record.sector

    @strawberry.field(description="The consultant attending the ticket, if any.")
    def consultant(self) -> ConsultantType | None:
        found = self.record.consultant
        return None if found is None else ConsultantType.of(found)

    @strawberry.field
    def opened_at(self) -> datetime | None:
        return self.record.opened_at

    @strawberry.field
    def finished_at(self) -> datetime | None:
        return self.record.finished_at

    @strawberry.field
    def client(self) -> ClientType:
        return ClientType(record=self.record.client)

    @strawberry.field(
        description="Everything the consultant must know before talking to the client: every "
        "enabled provider's alerts, by priority (lower first), ties by provider name."
    )
    async def alerts(self, info: GatewayInfo) -> list[AlertType]:
        found = await info.context.ticket_alerts.load(self.record)
        info.context.report(found.failures, _path(info))
        return list(found.alerts)

    @strawberry.field(description="False when a provider failed and `alerts` may be missing some.")
    async def alerts_complete(self, info: GatewayInfo) -> bool:
        return (await info.context.ticket_alerts.load(self.record)).complete

    @strawberry.field(description="The providers whose alerts are missing from `alerts`.")
    async def failed_providers(self, info: GatewayInfo) -> list[str]:
        found = await info.context.ticket_alerts.load(self.record)
        return [failure.provider for failure in found.failures]

    @strawberry.field(
        description="True when any alert blocks service: the consultant must not serve the client."
    )
    async def service_blocked(self, info: GatewayInfo) -> bool:
        return (await info.context.ticket_alerts.load(self.record)).blocks_service


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class TicketEdge:
    cursor: str
    node: TicketType


@strawberry.type(description="A page of tickets, newest first.")
class TicketConnection:
    edges: list[TicketEdge]
    page_info: PageInfo


def encode_cursor(ticket: domain.Ticket) -> str:
    opened_at = ticket.opened_at.isoformat() if ticket.opened_at else None
    raw = json.dumps([opened_at, ticket.id]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> PageKey:
    try:
        opened_at, ticket_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return PageKey(opened_at=datetime.fromisoformat(opened_at), id=str(ticket_id))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise InvalidInput("after", "is not a cursor given by this API") from None
