"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-12-04 20:04:10.804857
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "blocked",
                "cancelled",
                "inactive",
                name="client_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status_reason",
            sa.Enum(
                "non_payment",
                "client_request",
                name="status_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("maintenance_contract", sa.Boolean(), nullable=False),
        sa.Column(
            "backup",
            sa.Enum(
                "local",
                "terminal",
                "cloud",
                "none",
                name="backup_mode",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "integration_role",
            sa.Enum(
                "head_office",
                "branch",
                name="integration_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "integration_kind",
            sa.Enum(
                "products",
                "remote_access",
                name="integration_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("integration_store_number", sa.Integer(), nullable=True),
        sa.Column("installation_date", sa.Date(), nullable=True),
        sa.Column("custom_alerts", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(integration_role IS NULL) = (integration_kind IS NULL) "
            "AND (integration_role IS NULL) = (integration_store_number IS NULL)",
            name=op.f("ck_clients_integration_complete"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
    )
    op.create_table(
        "consultants",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultants")),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "A1",
                "A3",
                name="certificate_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("expires_at", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_certificates_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("client_id", "kind", "expires_at", name="uq_certificates_identity"),
    )
    op.create_index(
        "ix_certificates_client_expiry", "certificates", ["client_id", "expires_at"], unique=False
    )

    op.create_table(
        "tickets",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in_progress",
                "waiting",
                "finished",
                "cancelled",
                name="ticket_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "sector",
            sa.Enum(
                "operacional",
                "utilitarios",
                "diversos",
                name="sector",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("consultant_id", sa.String(length=64), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_tickets_client_id_clients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["consultant_id"],
            ["consultants.id"],
            name=op.f("fk_tickets_consultant_id_consultants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    op.create_index("ix_tickets_client_status", "tickets", ["client_id", "status"], unique=False)
    op.create_index("ix_tickets_number", "tickets", ["number"], unique=False)
    op.create_index("ix_tickets_opened_at_id", "tickets", ["opened_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tickets_opened_at_id", table_name="tickets")
    op.drop_index("ix_tickets_number", table_name="tickets")
    op.drop_index("ix_tickets_client_status", table_name="tickets")

    op.drop_table("tickets")
    op.drop_index("ix_certificates_client_expiry", table_name="certificates")

    op.drop_table("certificates")
    op.drop_table("consultants")
    op.drop_table("clients")
