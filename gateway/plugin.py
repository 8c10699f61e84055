"""The provider API: the one module an alert provider imports.

A provider is a class registered under the ``gateway.alert_providers`` entry-point group. The
gateway calls it once per request with the whole batch of clients or tickets on the page, and it
answers with the alerts of each, keyed by id::

    from gateway.plugin import Alert, ClientAlertProvider, ProviderContext, Severity

    class VipProvider(ClientAlertProvider):
        api_version = "1.0"
        default_priority = 50

        async def client_alerts(self, clients, context):
            return {
                client.id: [Alert(code="vip", severity=Severity.INFO,
                                  title="VIP", message="Treat with care.")]
                for client in clients if client.name.startswith("VIP")
            }

The tables (``ClientRow``, ``TicketRow``, …) are here for providers that read the gateway's own
database; docs/providers.md is the full guide. Everything in ``__all__`` is covered by
``API_VERSION``: a minor version adds, a major version may break, and the gateway refuses a
provider built for another major version.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar, Generic

from babel import Locale
from pydantic import BaseModel, ConfigDict
from typing_extensions import TypeVar

from gateway.db.models import CertificateRow, ClientRow, ConsultantRow, TicketRow
from gateway.db.session import Database
from gateway.domain import (
    OPEN_TICKET_STATUSES,
    BackupMode,
    CertificateKind,
    Client,
    ClientStatus,
    Consultant,
    Integration,
    IntegrationKind,
    IntegrationRole,
    Sector,
    Severity,
    StatusReason,
    Ticket,
    TicketStatus,
    Viewer,
)
from gateway.errors import SourceUnavailable
from gateway.graphql.alerts import AlertType, ConsultantType
from gateway.i18n import Catalogue, format_date, format_number

API_VERSION = "1.0"

__all__ = [
    "API_VERSION",
    "OPEN_TICKET_STATUSES",
    "Alert",
    "AlertProvider",
    "AlertType",
    "AlertsById",
    "BackupMode",
    "Catalogue",
    "CertificateKind",
    "CertificateRow",
    "Client",
    "ClientAlertProvider",
    "ClientRow",
    "ClientStatus",
    "Consultant",
    "ConsultantRow",
    "ConsultantType",
    "Database",
    "Integration",
    "IntegrationKind",
    "IntegrationRole",
    "ProviderConfig",
    "ProviderContext",
    "Sector",
    "Severity",
    "SourceUnavailable",
    "StartupContext",
    "StatusReason",
    "Ticket",
    "TicketAlertProvider",
    "TicketRow",
    "TicketStatus",
    "Viewer",
    "format_date",
    "format_number",
]


class ProviderConfig(BaseModel):
    """Base of a provider's options. Unknown keys are refused, so a typo never passes silently.

    The operator sets them as ``GATEWAY_PROVIDER_CONFIG__<provider>__<option>=<value>``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


ConfigT = TypeVar("ConfigT", bound=ProviderConfig, default=ProviderConfig)


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert, as a provider raises it. The gateway adds the provider's name and priority.

    ``title`` and ``message`` are plain text in the context's locale. ``details`` holds the
    values of the provider's own GraphQL alert type (``graphql_type``), by field name.
    """

    code: str
    severity: Severity
    title: str
    message: str
    blocks_service: bool = False
    details: Mapping[str, Any] = field(default_factory=dict)


AlertsById = Mapping[str, Sequence[Alert]]
"""A provider's answer: the alerts of each client or ticket id; an absent id has none."""


@dataclass(frozen=True, slots=True)
class StartupContext(Generic[ConfigT]):
    """What a provider gets once, when the gateway starts."""

    database: Database
    config: ConfigT
    logger: logging.Logger


@dataclass(frozen=True, slots=True)
class ProviderContext(Generic[ConfigT]):
    """What a provider gets with each batch. Frozen: a provider cannot change the request."""

    database: Database
    now: datetime
    """The request's time, aware, in the business time zone."""
    viewer: Viewer
    locale: Locale
    config: ConfigT
    logger: logging.Logger

    @property
    def today(self) -> date:
        """Today's calendar date in the business time zone."""
        return self.now.date()

    @property
    def timezone(self) -> tzinfo | None:
        """The business time zone (``now``'s)."""
        return self.now.tzinfo


class AlertProvider(abc.ABC, Generic[ConfigT]):
    """Common base of all providers. Subclass ``ClientAlertProvider`` or ``TicketAlertProvider``.

    Class attributes:

    - ``api_version`` (required): the plugin API version the provider was written for.
    - ``default_priority``: lower is shown first; the operator may override it.
    - ``config_model``: a ``ProviderConfig`` subclass describing the provider's options.
    - ``graphql_type``: a Strawberry type implementing ``AlertType`` whose extra fields are filled
      from ``Alert.details``; without one the alerts are served as ``GenericAlert``.

    Hooks added in later minor versions are no-op methods here, so older providers keep working.
    """

    api_version: ClassVar[str]
    default_priority: ClassVar[int] = 100
    config_model: ClassVar[type[ProviderConfig]] = ProviderConfig
    graphql_type: ClassVar[type[AlertType] | None] = None

    async def startup(self, context: StartupContext[ConfigT]) -> None:
        """Called once before the first batch: open clients, warm caches."""

    async def shutdown(self) -> None:
        """Called once when the gateway stops: close what ``startup`` opened."""


class ClientAlertProvider(AlertProvider[ConfigT]):
    """A provider whose alerts depend on the client only (its record, certificates, history).

    Its alerts appear on every ticket of the client and on ``Client.alerts``.
    """

    @abc.abstractmethod
    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext[ConfigT]
    ) -> AlertsById:
        """The alerts of each client of the batch, keyed by client id."""


class TicketAlertProvider(AlertProvider[ConfigT]):
    """A provider whose alerts depend on the ticket being opened."""

    @abc.abstractmethod
    async def ticket_alerts(
        self, tickets: Sequence[Ticket], context: ProviderContext[ConfigT]
    ) -> AlertsById:
        """The alerts of each ticket of the batch, keyed by ticket id."""
