"""Persistence: tables, the database connection, migrations and the data loader."""

from gateway.db.session import Database

__all__ = ["Database"]
