"""``create_app(settings)``: the Starlette application that ``serve`` runs and tests drive."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from gateway.db import migrate
from gateway.db.demo import load_demo
from gateway.db.session import Database
from gateway.domain import Viewer
from gateway.engine import Clock, Engine
from gateway.graphql.context import GatewayContext
from gateway.graphql.schema import build_schema
from gateway.i18n import negotiate_locale
from gateway.plugin import StartupContext
from gateway.registry import Registry, check_required, discover
from gateway.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    """What the application holds for its lifetime; reachable as ``app.state.services``."""

    settings: Settings
    database: Database
    registry: Registry
    engine: Engine


class GatewayGraphQL(GraphQL[GatewayContext, None]):
    def __init__(self, services: Services) -> None:
        self.services = services
        dev = services.settings.dev_mode
        super().__init__(
            build_schema(services.registry.alert_types),
            graphql_ide="graphiql" if dev else None,
            allow_queries_via_get=True,
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> GatewayContext:
        services = self.services
        consultant = request.headers.get("x-consultant-id", "").strip() or None
        return GatewayContext(
            database=services.database,
            engine=services.engine,
            settings=services.settings,
            viewer=Viewer(consultant_id=consultant),
            locale=negotiate_locale(
                request.headers.get("accept-language"), services.settings.default_locale
            ),
            request=request,
        )


async def prepare_database(services: Services) -> None:
    """The embedded database is migrated and given demo data; any other must already be ready."""
    database = services.database
    if services.settings.embedded:
        await migrate.upgrade(database)
        if await migrate.is_empty(database):
            summary = await load_demo(database, services.engine.clock())
            log.info("embedded database created with demo data: %s", summary)
    else:
        await migrate.check_ready(database)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> Starlette:
    """The gateway as an ASGI application.

    ``clock`` gives "now" (aware); by default the wall clock in the business time zone.
    """
    settings = settings or Settings()
    zone = settings.zone
    registry = discover(settings)
    check_required(registry, settings)
    database = Database(settings.effective_database_url)
    engine = Engine(registry, database, clock or (lambda: datetime.now(zone)))
    services = Services(settings=settings, database=database, registry=registry, engine=engine)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            await prepare_database(services)
            for loaded in registry.providers:
                await loaded.provider.startup(
                    StartupContext(database=database, config=loaded.config, logger=loaded.logger)
                )
            log.info(
                "gateway ready on %r with providers %s",
                database,
                ", ".join(loaded.name for loaded in registry.providers) or "(none)",
            )
            yield
        finally:
            for loaded in registry.providers:
                try:
                    await loaded.provider.shutdown()
                except Exception:
                    log.exception("provider %r failed to shut down", loaded.name)
            await database.dispose()

    graphql = GatewayGraphQL(services)

    async def home(request: Request) -> Response:
        return RedirectResponse(url="/graphql")

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ],
        lifespan=lifespan,
    )
    app.state.services = services
    return app
