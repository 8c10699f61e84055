"""Digital certificate: the client's current certificate expires soon, or has expired.

The current certificate is the one that expires last, so a renewed client has no alert. Days
are calendar days in the business time zone; "expires today" is 0 days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import strawberry
from pydantic import Field, model_validator
from sqlalchemy import select

from gateway.plugin import (
    Alert,
    AlertsById,
    AlertType,
    CertificateKind,
    CertificateRow,
    Client,
    ClientAlertProvider,
    ProviderConfig,
    ProviderContext,
    Severity,
    format_date,
    format_number,
)
from providers import catalogue


class CertificateConfig(ProviderConfig):
    warning_days: int = Field(default=30, ge=0, description="Warn this many days ahead.")
    critical_days: int = Field(default=7, ge=0, description="Critical from this many days on.")

    @model_validator(mode="after")
    def _critical_within_warning(self) -> CertificateConfig:
        if self.critical_days > self.warning_days:
            raise ValueError(
                f"critical_days ({self.critical_days}) must not exceed "
                f"warning_days ({self.warning_days})"
            )
        return self


@strawberry.type(description="The client's digital certificate expires soon or has expired.")
class CertificateAlert(AlertType):
    days_to_expiry: int = strawberry.field(
        description="Calendar days until expiry in the business time zone: 0 is today, "
        "negative once expired."
    )
    expires_on: date
    kind: CertificateKind


class CertificateProvider(ClientAlertProvider[CertificateConfig]):
    api_version = "1.0"
    default_priority = 8
    config_model = CertificateConfig
    graphql_type = CertificateAlert

    async def client_alerts(
        self, clients: Sequence[Client], context: ProviderContext[CertificateConfig]
    ) -> AlertsById:
        query = select(CertificateRow).where(CertificateRow.client_id.in_([c.id for c in clients]))
        current: dict[str, CertificateRow] = {}
        async with context.database.session() as session:
            for row in await session.scalars(query):
                held = current.get(row.client_id)
                if held is None or row.expires_at > held.expires_at:
                    current[row.client_id] = row
        alerts: dict[str, list[Alert]] = {}
        for client_id, certificate in current.items():
            days = (certificate.expires_at - context.today).days
            if days <= context.config.warning_days:
                alerts[client_id] = [self._alert(certificate, days, context)]
        return alerts

    @staticmethod
    def _alert(
        certificate: CertificateRow, days: int, context: ProviderContext[CertificateConfig]
    ) -> Alert:
        _ = catalogue.gettext(context.locale)
        when = format_date(certificate.expires_at, context.locale)
        advice = _.gettext(
            "Tell the client to open a new ticket so that support helps import the new "
            "certificate: without a valid certificate the store cannot issue fiscal coupons "
            "(NFC-e) or invoices (NF-e)."
        )
        if days < 0:
            code, severity = "certificate_expired", Severity.CRITICAL
            title = _.gettext("Digital certificate expired")
            fact = _.ngettext(
                "The digital certificate expired {days} day ago, on {date}.",
                "The digital certificate expired {days} days ago, on {date}.",
                -days,
            ).format(days=format_number(-days, context.locale), date=when)
        else:
            code = "certificate_expiring"
            critical = days <= context.config.critical_days
            severity = Severity.CRITICAL if critical else Severity.WARNING
            if days == 0:
                title = _.gettext("Digital certificate expires today")
                fact = _.gettext("The digital certificate expires today, {date}.").format(date=when)
            else:
                title = _.ngettext(
                    "Digital certificate expires in {days} day",
                    "Digital certificate expires in {days} days",
                    days,
                ).format(days=format_number(days, context.locale))
                fact = _.ngettext(
                    "The digital certificate expires in {days} day, on {date}.",
                    "The digital certificate expires in {days} days, on {date}.",
                    days,
                ).format(days=format_number(days, context.locale), date=when)
        return Alert(
            code=code,
            severity=severity,
            title=title,
            message=f"{fact} {advice}",
            details={
                "days_to_expiry": days,
                "expires_on": certificate.expires_at,
                "kind": certificate.kind,
            },
        )
