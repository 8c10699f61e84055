"""The tables, as SQLAlchemy 2 typed models. docs/data.md describes them for operators.

Rows are named ``…Row`` so they never get mixed up with the records of ``gateway.domain`` that
providers receive; ``to_domain()`` turns one into the other.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from gateway import domain

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 64


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC, on SQLite (which keeps no offset) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give it a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(kind: type[enum.StrEnum], name: str) -> Enum:
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ConsultantRow(Base):
    __tablename__ = "consultants"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))

    def to_domain(self) -> domain.Consultant:
        return domain.Consultant(id=self.id, name=self.name)


class ClientRow(Base):
    __tablename__ = "clients"
    __table_args__ = (
        CheckConstraint(
            "(integration_role IS NULL) = (integration_kind IS NULL) "
            "AND (integration_role IS NULL) = (integration_store_number IS NULL)",
            name="integration_complete",
        ),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[domain.ClientStatus] = mapped_column(_enum(domain.ClientStatus, "client_status"))
    status_reason: Mapped[domain.StatusReason | None] = mapped_column(
        _enum(domain.StatusReason, "status_reason")
    )
    maintenance_contract: Mapped[bool] = mapped_column(default=False)
    backup: Mapped[domain.BackupMode] = mapped_column(_enum(domain.BackupMode, "backup_mode"))
    integration_role: Mapped[domain.IntegrationRole | None] = mapped_column(
        _enum(domain.IntegrationRole, "integration_role")
    )
    integration_kind: Mapped[domain.IntegrationKind | None] = mapped_column(
        _enum(domain.IntegrationKind, "integration_kind")
    )
    integration_store_number: Mapped[int | None] = mapped_column(Integer)
    installation_date: Mapped[date | None] = mapped_column(Date)
    custom_alerts: Mapped[str | None] = mapped_column(Text)

    def to_domain(self) -> domain.Client:
        integration = None
        if (
            self.integration_role is not None
            and self.integration_kind is not None
            and self.integration_store_number is not None
        ):
            integration = domain.Integration(
                role=self.integration_role,
                kind=self.integration_kind,
                store_number=self.integration_store_number,
            )
        return domain.Client(
            id=self.id,
            name=self.name,
            status=self.status,
            status_reason=self.status_reason,
            maintenance_contract=self.maintenance_contract,
            backup=self.backup,
            integration=integration,
            installation_date=self.installation_date,
            custom_alerts=self.custom_alerts,
        )


class CertificateRow(Base):
    __tablename__ = "certificates"
    __table_args__ = (
        # Also the index of "the certificates of these clients" (its leading column).
        UniqueConstraint("client_id", "kind", "expires_at", name="uq_certificates_identity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    kind: Mapped[domain.CertificateKind] = mapped_column(
        _enum(domain.CertificateKind, "certificate_kind")
    )
    expires_at: Mapped[date] = mapped_column(Date)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # One client's tickets by status: the open-tickets and installation-date providers.
        Index("ix_tickets_client_status", "client_id", "status"),
        # The ticket list, newest first, paged by keyset.
        Index("ix_tickets_opened_at_id", "opened_at", "id"),
        Index("ix_tickets_number", "number"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    subject: Mapped[str] = mapped_column(String(500))
    status: Mapped[domain.TicketStatus] = mapped_column(_enum(domain.TicketStatus, "ticket_status"))
    sector: Mapped[domain.Sector] = mapped_column(_enum(domain.Sector, "sector"))
    consultant_id: Mapped[str | None] = mapped_column(
        ForeignKey("consultants.id", ondelete="SET NULL")
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    client: Mapped[ClientRow] = relationship(lazy="raise")
    consultant: Mapped[ConsultantRow | None] = relationship(lazy="raise")

    def to_domain(self) -> domain.Ticket:
        return domain.Ticket(
            id=self.id,
            number=self.number,
            subject=self.subject,
            status=self.status,
            sector=self.sector,
            client=self.client.to_domain(),
            consultant=self.consultant.to_domain() if self.consultant else None,
            opened_at=self.opened_at,
            finished_at=self.finished_at,
        )
