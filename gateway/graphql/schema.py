"""The schema: queries, the extensions around them, and its printed form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from gateway import domain
from gateway.db import queries
from gateway.errors import InvalidInput
from gateway.graphql.alerts import AlertType, GenericAlert
from gateway.graphql.types import (
    ClientType,
    GatewayInfo,
    PageInfo,
    TicketConnection,
    TicketEdge,
    TicketType,
    decode_cursor,
    encode_cursor,
)


def _bad_input(error: InvalidInput) -> GraphQLError:
    return GraphQLError(str(error), extensions={"code": error.code, "argument": error.argument})


@strawberry.type
class Query:
    @strawberry.field(description="A ticket by the helpdesk's id; null when there is none.")
    async def ticket(self, info: GatewayInfo, id: strawberry.ID) -> TicketType | None:
        async with info.context.database.session() as session:
            found = await queries.ticket(session, str(id))
        return None if found is None else TicketType(record=found)

    @strawberry.field(description="Tickets newest first, a page at a time (Relay connection).")
    async def tickets(
        self,
        info: GatewayInfo,
        first: int = 20,
        after: str | None = None,
        status: list[domain.TicketStatus] | None = None,
        client_id: strawberry.ID | None = None,
    ) -> TicketConnection:
        limit = info.context.settings.max_page_size
        if not 0 <= first <= limit:
            raise _bad_input(InvalidInput("first", f"must be between 0 and {limit}, not {first}"))
        try:
            key = decode_cursor(after) if after is not None else None
        except InvalidInput as error:
            raise _bad_input(error) from None
        async with info.context.database.session() as session:
            page = await queries.ticket_page(
                session,
                first=first,
                after=key,
                statuses=status or (),
                client_id=None if client_id is None else str(client_id),
            )
        edges = [
            TicketEdge(cursor=encode_cursor(ticket), node=TicketType(record=ticket))
            for ticket in page.tickets
        ]
        return TicketConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=key is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field(description="A client by the helpdesk's id; null when there is none.")
    async def client(self, info: GatewayInfo, id: strawberry.ID) -> ClientType | None:
        async with info.context.database.session() as session:
            found = await queries.client(session, str(id))
        return None if found is None else ClientType(record=found)


class ProviderErrors(SchemaExtension):
    """Adds to ``errors`` the providers that failed, while the data keeps every other alert."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        context = self.execution_context.context
        reported = getattr(context, "provider_errors", [])
        if reported and result is not None and hasattr(result, "errors"):
            result.errors = [*(result.errors or []), *reported]


def build_schema(
    alert_types: Sequence[type[AlertType]] = (),
    extensions: Sequence[type[SchemaExtension]] = (),
) -> strawberry.Schema:
    """The schema with the GraphQL alert types the running providers contribute."""
    types: list[type] = list(dict.fromkeys([GenericAlert, *alert_types]))
    return strawberry.Schema(
        query=Query,
        types=types,
        extensions=[ProviderErrors, *extensions],
    )


def print_schema(schema: strawberry.Schema) -> str:
    return schema.as_str() + "\n"
