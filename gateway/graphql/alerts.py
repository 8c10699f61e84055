"""The ``Alert`` interface every alert implements, and the type of alerts without details.

A frontend that knows nothing of a provider renders its alerts from the interface's fields alone;
a provider that wants typed details contributes a type that implements the interface.
"""

from __future__ import annotations

import strawberry

from gateway.domain import Consultant, Severity
from gateway.graphql import enums  # noqa: F401  (registers the enums)


@strawberry.interface(
    name="Alert",
    description="Something the consultant must know before talking to the client.",
)
class AlertType:
    code: str = strawberry.field(
        description="Stable machine-readable code, e.g. `certificate_expiring`."
    )
    provider: str = strawberry.field(description="Name of the provider that raised the alert.")
    severity: Severity
    priority: int = strawberry.field(
        description="Effective priority of the provider (lower is shown first)."
    )
    title: str = strawberry.field(description="One line, plain text, in the requested language.")
    message: str = strawberry.field(
        description="What the consultant must know and do, plain text (never markup)."
    )
    blocks_service: bool = strawberry.field(
        description="True when the consultant must not serve the client."
    )


@strawberry.type(
    name="GenericAlert",
    description="An alert of a provider that contributes no typed details.",
)
class GenericAlert(AlertType):
    pass


@strawberry.type(name="Consultant", description="A support agent.")
class ConsultantType:
    id: strawberry.ID
    name: str

    @classmethod
    def of(cls, consultant: Consultant) -> ConsultantType:
        return cls(id=strawberry.ID(consultant.id), name=consultant.name)
