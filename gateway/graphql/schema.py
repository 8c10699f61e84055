"""The schema: queries, the extensions around them, and its printed form."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gateway import domain
from gateway.db import queries
from gateway.errors import GatewayError, InvalidInput
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
        first: Annotated[
            int, strawberry.argument(description="How many tickets, 0 to `GATEWAY_MAX_PAGE_SIZE`.")
        ] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(description="The `endCursor` of the previous page."),
        ] = None,
        status: Annotated[
            list[domain.TicketStatus] | None,
            strawberry.argument(description="Only tickets in one of these statuses."),
        ] = None,
        client_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this client's tickets.")
        ] = None,
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


log = logging.getLogger(__name__)


class GatewaySchema(strawberry.Schema):
    """Logs what the gateway must look into, and only a line for what the client got wrong."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GatewayError | GraphQLError):
                # The client's own mistake (syntax, validation, limits, bad argument): a
                # hostile query must not cost a page of log with its whole text.
                log.info("query refused: %s", error.message[:200])
            else:
                log.error("internal error at %s", error.path, exc_info=original)


def _internal(error: GraphQLError) -> bool:
    """Errors the gateway did not raise on purpose are masked: no trace, SQL or path leaks."""
    original = error.original_error
    return original is not None and not isinstance(original, GatewayError | GraphQLError)


@dataclass(frozen=True, slots=True)
class Limits:
    """What one query may ask for; beyond it the query is refused before anything runs."""

    max_depth: int = 8
    max_tokens: int = 1000
    max_aliases: int = 30


def build_schema(
    alert_types: Sequence[type[AlertType]] = (),
    *,
    dev: bool = False,
    limits: Limits | None = None,
) -> strawberry.Schema:
    """The schema with the GraphQL alert types the running providers contribute.

    Outside ``dev``: no introspection, no field suggestions, internal errors masked. The limits
    on depth, tokens and aliases hold in every mode.
    """
    limits = limits or Limits()
    types: list[type] = list(dict.fromkeys([GenericAlert, *alert_types]))
    # Factories, not instances: Strawberry builds fresh extensions for each request.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ProviderErrors,
        partial(MaxTokensLimiter, max_token_count=limits.max_tokens),
        partial(QueryDepthLimiter, max_depth=limits.max_depth),
        partial(MaxAliasesLimiter, max_alias_count=limits.max_aliases),
    ]
    if not dev:
        extensions += [
            DisableIntrospection,
            partial(MaskErrors, should_mask_error=_internal, error_message="Internal error."),
        ]
    return GatewaySchema(
        query=Query,
        types=types,
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=not dev),
    )


def print_schema(schema: strawberry.Schema) -> str:
    return schema.as_str() + "\n"
