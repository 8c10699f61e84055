"""Local backup: the database backup is kept on the very computer it protects."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from pydantic import AnyHttpUrl

from gateway.plugin import (
    Alert,
    AlertsById,
    AlertType,
    BackupMode,
    Client,
    ClientAlertProvider,
    ProviderConfig,
    ProviderContext,
    Severity,
)
from providers import catalogue


class LocalBackupConfig(ProviderConfig):
    process_url: AnyHttpUrl | None = None
    """The link of the "Backup Local" process in the desk's knowledge base."""


@strawberry.type(description="The backup is saved on the same computer as the database.")
class LocalBackupAlert(AlertType):
    process_url: str | None = strawberry.field(
        description="The link of the Backup Local process, when the operator configured it."
    )


class LocalBackupProvider(ClientAlertProvider[LocalBackupConfig]):
    api_version = "1.0"
    default_priority = 4
    config_model = LocalBackupConfig
    graphql_type = LocalBackupAlert

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext[LocalBackupConfig]
    ) -> AlertsById:
        _ = catalogue.gettext(context.locale)
        url = str(context.config.process_url) if context.config.process_url else None
        message = _.gettext(
            "The database backup is saved on the same computer it protects: a disk failure "
            "loses both. Follow the Backup Local process."
        )
        if url:
            message += " " + url
        alert = Alert(
            code="local_backup",
            severity=Severity.WARNING,
            title=_.gettext("Local backup"),
            message=message,
            details={"process_url": url},
        )
        return {client.id: [alert] for client in clients if client.backup is BackupMode.LOCAL}
