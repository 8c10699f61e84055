"""The helpdesk's vocabulary: the records providers read and the values their fields take.

These are plain frozen dataclasses, independent of the database and of GraphQL, so that a
provider can be tested with records built by hand (see ``gateway.testing``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


class ClientStatus(enum.StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"
    INACTIVE = "inactive"


class StatusReason(enum.StrEnum):
    NON_PAYMENT = "non_payment"
    CLIENT_REQUEST = "client_request"


class BackupMode(enum.StrEnum):
    LOCAL = "local"
    TERMINAL = "terminal"
    CLOUD = "cloud"
    NONE = "none"


class IntegrationRole(enum.StrEnum):
    HEAD_OFFICE = "head_office"
    BRANCH = "branch"


class IntegrationKind(enum.StrEnum):
    PRODUCTS = "products"
    REMOTE_ACCESS = "remote_access"


class TicketStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    FINISHED = "finished"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Not yet finished or cancelled."""
        return self in OPEN_TICKET_STATUSES


OPEN_TICKET_STATUSES = frozenset(
    {TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.WAITING}
)


class Sector(enum.StrEnum):
    OPERACIONAL = "operacional"
    UTILITARIOS = "utilitarios"
    DIVERSOS = "diversos"


class CertificateKind(enum.StrEnum):
    A1 = "A1"
    A3 = "A3"


@dataclass(frozen=True, slots=True)
class Integration:
    role: IntegrationRole
    kind: IntegrationKind
    store_number: int


@dataclass(frozen=True, slots=True)
class Client:
    id: str
    name: str
    status: ClientStatus = ClientStatus.ACTIVE
    status_reason: StatusReason | None = None
    maintenance_contract: bool = False
    backup: BackupMode = BackupMode.NONE
    integration: Integration | None = None
    installation_date: date | None = None
    custom_alerts: str | None = None


@dataclass(frozen=True, slots=True)
class Consultant:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Ticket:
    id: str
    number: int
    subject: str
    status: TicketStatus
    client: Client
    sector: Sector = Sector.OPERACIONAL
    consultant: Consultant | None = None
    opened_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking: the consultant named by the request, when there is one."""

    consultant_id: str | None = None


class Severity(enum.StrEnum):
    """How much an alert matters; a frontend may colour it."""

    INFO = "INFO"
    WARNING = "WARNING"
    CRITICAL = "CRITICAL"
