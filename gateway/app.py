"""``create_app(settings)``: the Starlette application that ``serve`` runs and tests drive."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from gateway.db import migrate
from gateway.db.demo import load_demo
from gateway.db.session import Database
from gateway.domain import Viewer
from gateway.engine import Clock, Engine
from gateway.graphql.context import GatewayContext
from gateway.graphql.schema import Limits, build_schema
from gateway.http import EdgeMiddleware
from gateway.i18n import negotiate_locale
from gateway.observability import Tracer, configure_logging, metrics_payload
from gateway.plugin import StartupContext
from gateway.registry import Registry, check_required, discover
from gateway.settings import Settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    """What the application holds for its lifetime; reachable as ``app.state.services``."""

    settings: Settings
    database: Database
    registry: Registry
    engine: Engine
    started: bool = False


class GatewayGraphQL(GraphQL[GatewayContext, None]):
    def __init__(self, services: Services) -> None:
        self.services = services
        dev = services.settings.dev_mode
        settings = services.settings
        super().__init__(
            build_schema(
                services.registry.alert_types,
                dev=dev,
                limits=Limits(
                    max_depth=settings.max_query_depth,
                    max_tokens=settings.max_query_tokens,
                    max_aliases=settings.max_aliases,
                ),
            ),
            graphql_ide="graphiql" if dev else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=False,
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


async def prepare_database(settings: Settings, database: Database, now: datetime) -> None:
    """The embedded database is migrated and given demo data; any other must already be ready.

    Idempotent: an embedded database already at head and holding data is left as it is.
    """
    if settings.embedded:
        if await migrate.current_revision(database) != migrate.head_revision():
            await migrate.upgrade(database)
        if await migrate.is_empty(database):
            summary = await load_demo(database, now)
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
    engine = Engine(
        registry, database, clock or (lambda: datetime.now(zone)), Tracer(settings.tracing)
    )
    services = Services(settings=settings, database=database, registry=registry, engine=engine)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            await prepare_database(settings, database, engine.clock())
            for loaded in registry.providers:
                await loaded.provider.startup(
                    StartupContext(database=database, config=loaded.config, logger=loaded.logger)
                )
            log.info(
                "gateway ready on %r with providers %s",
                database,
                ", ".join(loaded.name for loaded in registry.providers) or "(none)",
            )
            services.started = True
            yield
        finally:
            services.started = False
            for loaded in registry.providers:
                try:
                    await loaded.provider.shutdown()
                except Exception:
                    log.exception("provider %r failed to shut down", loaded.name)
            await database.dispose()

    graphql = GatewayGraphQL(services)

    async def home(request: Request) -> Response:
        return RedirectResponse(url="/graphql")

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "alive"})

    async def readyz(request: Request) -> Response:
        body, ready = await readiness(services)
        return JSONResponse(body, status_code=200 if ready else 503)

    async def metrics(request: Request) -> Response:
        payload, content_type = metrics_payload()
        return Response(payload, media_type=content_type)

    routes = [
        Route("/", home),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(
                EdgeMiddleware,
                max_body_bytes=settings.max_body_bytes,
                paths=[route.path for route in routes],
            )
        ],
    )
    app.state.services = services
    return app


def service_app() -> Starlette:
    """What ``alerts-gateway serve`` runs in each worker: settings read, logging set up."""
    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    return create_app(settings)


async def readiness(services: Services) -> tuple[dict[str, object], bool]:
    """Ready when started and the database answers; failed providers are listed, not fatal."""
    database = "ok"
    try:
        async with asyncio.timeout(2), services.database.session() as session:
            await session.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means not ready
        database = f"unreachable: {type(error).__name__}"
    ready = services.started and database == "ok"
    registry = services.registry
    return {
        "status": "ready" if ready else "not ready",
        "started": services.started,
        "database": database,
        "providers": [loaded.name for loaded in registry.providers],
        "failed_providers": {info.name: info.error for info in registry.failures},
    }, ready
