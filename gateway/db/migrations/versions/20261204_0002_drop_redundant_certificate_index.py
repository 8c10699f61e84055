"""drop the certificates index that the identity constraint already provides

The unique constraint (client_id, kind, expires_at) is led by client_id, so PostgreSQL and SQLite
use it to find a client's certificates; the extra (client_id, expires_at) index only cost writes.
See docs/operations.md for the plan.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 20:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_certificates_client_expiry", table_name="certificates")


def downgrade() -> None:
    op.create_index(
        "ix_certificates_client_expiry", "certificates", ["client_id", "expires_at"], unique=False
    )
