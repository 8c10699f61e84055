"""The ``alerts-gateway`` command (also ``python -m gateway``)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

import pydantic

from gateway import __version__
from gateway.errors import GatewayError
from gateway.observability import configure_logging
from gateway.settings import Settings

log = logging.getLogger("gateway")


def load_settings() -> Settings:
    """The settings from the environment, or GatewayError naming each bad variable."""
    try:
        return Settings()
    except pydantic.ValidationError as error:
        lines = []
        for problem in error.errors():
            variable = "GATEWAY_" + "__".join(str(part) for part in problem["loc"]).upper()
            lines.append(f"  {variable}: {str(problem['msg']).removeprefix('Value error, ')}")
        raise GatewayError("invalid settings:\n" + "\n".join(lines)) from None


def _serve(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    import uvicorn

    from gateway.registry import check_required, discover

    # Refuse here, in one clear line, what every worker would refuse with a traceback.
    check_required(discover(settings), settings)
    # Once, here, before the workers start: they must not all migrate at the same time.
    asyncio.run(_prepare(settings))
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker counts in its own files here; /metrics adds them up.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="alerts-gateway-metrics-")
    where = f"http://{args.host}:{args.port}/graphql"
    if settings.embedded:
        out.write(f"Embedded database {settings.embedded_database} (demo data on first start).\n")
    out.write(
        f"GraphQL on {where}" + (" (GraphiQL in the browser)" if settings.dev_mode else "") + "\n"
    )
    out.flush()
    uvicorn.run(
        "gateway.app:service_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        log_level=settings.log_level.lower(),
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=int(settings.graceful_shutdown_seconds),
    )
    return 0


async def _prepare(settings: Settings) -> None:
    from gateway.app import prepare_database
    from gateway.db.session import Database

    database = Database(settings.effective_database_url)
    try:
        await prepare_database(settings, database, datetime.now(settings.zone))
    finally:
        await database.dispose()


def _export_schema(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from gateway.graphql.schema import build_schema, print_schema
    from gateway.registry import discover

    text = print_schema(build_schema(discover(settings).alert_types))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return 0


def _providers(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from gateway.registry import discover

    registry = discover(settings)
    rows = [
        {
            "name": info.name,
            "package": info.package,
            "version": info.version,
            "priority": info.priority,
            "enabled": info.enabled,
            "required": info.required,
            "loaded": info.loaded,
            "error": info.error,
        }
        for info in sorted(registry.found, key=lambda i: (i.priority is None, i.priority, i.name))
    ]
    if args.json:
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    header = ("NAME", "PACKAGE", "VERSION", "PRIORITY", "ENABLED", "STATUS")
    table = [header]
    for row in rows:
        status = "loaded" if row["loaded"] else ("disabled" if not row["enabled"] else "FAILED")
        table.append(
            (
                str(row["name"]),
                str(row["package"] or "-"),
                str(row["version"] or "-"),
                "-" if row["priority"] is None else str(row["priority"]),
                "yes" if row["enabled"] else "no",
                status + (" (required)" if row["required"] else ""),
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(header))]
    for line in table:
        out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            + "\n"
        )
    failed = [row for row in rows if row["error"]]
    for row in failed:
        out.write(f"\n{row['name']}: {row['error']}")
    if failed:
        out.write("\n")
    return 0


async def _with_database(settings: Settings, action: str, path: str | None, out: TextIO) -> int:
    from gateway.db import loader, migrate
    from gateway.db.demo import load_demo
    from gateway.db.session import Database

    database = Database(settings.effective_database_url)
    try:
        if action == "upgrade":
            await migrate.upgrade(database)
            out.write(f"{database!r} is at revision {migrate.head_revision()}\n")
            return 0
        if settings.embedded:
            await migrate.upgrade(database)
        else:
            await migrate.check_ready(database)
        if action == "load" and path is not None:
            summary = await loader.load_file(database, Path(path))
        else:
            summary = await load_demo(database, datetime.now(settings.zone))
        out.write(f"loaded {summary}\n")
        return 0
    finally:
        await database.dispose()


def _db(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    return asyncio.run(_with_database(settings, args.db_command, getattr(args, "file", None), out))


def _new_provider(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from gateway.scaffold import new_provider

    root = new_provider(args.name, Path(args.directory))
    out.write(
        f"wrote {root}\n"
        f"next: pip install -e '{root}[test]' && pytest {root} && alerts-gateway providers\n"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alerts-gateway",
        description="Alerts a consultant must see when opening a support ticket, over GraphQL.",
        epilog="Settings come from GATEWAY_* environment variables; see the README.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the GraphQL service")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (1)")
    serve.set_defaults(handler=_serve)

    export = commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    export.set_defaults(handler=_export_schema)

    providers = commands.add_parser("providers", help="list the alert providers found")
    providers.add_argument("--json", action="store_true", help="print JSON instead of a table")
    providers.set_defaults(handler=_providers)

    scaffold = commands.add_parser(
        "new-provider", help="write a provider package that installs and passes its tests"
    )
    scaffold.add_argument("name", help="the provider's name, e.g. overdue_invoices")
    scaffold.add_argument("--directory", default=".", help="where to write it (.)")
    scaffold.set_defaults(handler=_new_provider)

    db = commands.add_parser("db", help="database schema and data")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_commands.add_parser("upgrade", help="apply the migrations (creates the tables)")
    load = db_commands.add_parser("load", help="load a JSON data file (docs/data.md)")
    load.add_argument("file", help="the JSON file")
    db_commands.add_parser("demo", help="load the demo data, dated from today")
    db.set_defaults(handler=_db)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings.log_level, settings.log_json)
        code: int = args.handler(args, settings, out)
        return code
    except GatewayError as error:
        sys.stderr.write(f"alerts-gateway: {error}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
