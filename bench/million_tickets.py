"""One ticket's alerts with a million tickets in PostgreSQL: query plans and latency.

    python bench/million_tickets.py [--url postgresql+asyncpg://postgres@127.0.0.1/postgres]

Creates the database ``gateway_bench`` (dropped first if it exists), fills it with 100 000
clients, 1 000 000 tickets and 150 000 certificates, then prints, as Markdown:

- the plan of every query a request makes (EXPLAIN ANALYZE),
- the latency of GraphQL requests through the whole application (in process, no network),
- the time to refuse hostile queries.

docs/operations.md quotes a run. Nothing here is a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.app import create_app
from gateway.settings import Settings
from gateway.testing import GatewayHarness, migrated_database

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
NAME = "gateway_bench"

FILL = [
    "INSERT INTO consultants (id, name) SELECT 'c' || g, 'Consultor ' || g "
    "FROM generate_series(1, 200) g",
    "INSERT INTO clients (id, name, status, maintenance_contract, backup, installation_date) "
    "SELECT g::text, 'Cliente ' || g, "
    "(ARRAY['active','active','active','blocked','cancelled','inactive'])[1 + g % 6], "
    "g % 3 = 0, (ARRAY['local','terminal','cloud','none'])[1 + g % 4], "
    "CASE WHEN g % 10 = 0 THEN NULL ELSE DATE '2024-01-01' END "
    "FROM generate_series(1, 100000) g",
    "INSERT INTO certificates (client_id, kind, expires_at) "
    "SELECT (1 + g % 100000)::text, 'A1', DATE '2026-12-04' + (g % 400 - 30) + (g / 100000) * 365 "
    "FROM generate_series(1, 150000) g",
    "INSERT INTO tickets (id, number, client_id, subject, status, sector, consultant_id, "
    "opened_at, finished_at) "
    "SELECT g::text, g, (1 + g % 100000)::text, 'Chamado ' || g, "
    "(ARRAY['finished','finished','finished','finished','cancelled','open','in_progress',"
    "'waiting'])[1 + g % 8], 'operacional', 'c' || (1 + g % 200), "
    "TIMESTAMPTZ '2020-01-01' + g * INTERVAL '2 minutes', "
    "CASE WHEN g % 8 < 4 THEN TIMESTAMPTZ '2020-01-01' + g * INTERVAL '2 minutes' "
    "+ INTERVAL '1 hour' END "
    "FROM generate_series(1, 1000000) g",
    "ANALYZE",
]

# The statements a request makes, as the application issues them (see gateway/db/queries.py
# and the providers); the ids are those of a batch of 100 tickets.
BATCH = (
    "SELECT string_agg(quote_literal(client_id), ',') FROM (SELECT client_id FROM tickets "
    "ORDER BY opened_at DESC, id DESC LIMIT 100) t"
)

PLANS = {
    "A ticket by id, with its client and consultant": (
        "SELECT * FROM tickets JOIN clients ON clients.id = tickets.client_id "
        "LEFT JOIN consultants ON consultants.id = tickets.consultant_id "
        "WHERE tickets.id = '765432'"
    ),
    "A page of 100 tickets, newest first (keyset)": (
        "SELECT * FROM tickets JOIN clients ON clients.id = tickets.client_id "
        "LEFT JOIN consultants ON consultants.id = tickets.consultant_id "
        "WHERE tickets.opened_at < TIMESTAMPTZ '2023-10-01' "
        "ORDER BY tickets.opened_at DESC, tickets.id DESC LIMIT 101"
    ),
    "open_tickets: the open tickets of the page's clients": (
        "SELECT * FROM tickets JOIN clients ON clients.id = tickets.client_id "
        "LEFT JOIN consultants ON consultants.id = tickets.consultant_id "
        "WHERE tickets.client_id IN ({clients}) "
        "AND tickets.status IN ('open', 'in_progress', 'waiting') "
        "ORDER BY tickets.opened_at, tickets.id"
    ),
    "installation_date: finished tickets of the undated clients": (
        "SELECT client_id, count(*) FROM tickets WHERE client_id IN ({clients}) "
        "AND status = 'finished' GROUP BY client_id"
    ),
    "certificate: the certificates of the page's clients": (
        "SELECT * FROM certificates WHERE client_id IN ({clients})"
    ),
}


async def fill(server: str) -> str:
    url = make_url(server)
    admin = await asyncpg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        database=url.database,
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{NAME}"')
    finally:
        await admin.close()
    target = url.set(drivername="postgresql+asyncpg", database=NAME)
    rendered = target.render_as_string(hide_password=False)
    async with migrated_database(rendered) as database, database.engine.begin() as connection:
        for statement in FILL[:-1]:
            await connection.execute(text(statement))
    async with migrated_database(rendered) as database, database.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("ANALYZE"))
    return rendered


async def plans(url: str) -> None:
    async with migrated_database(url) as database, AsyncSession(database.engine) as session:
        clients = await session.scalar(text(BATCH))
        for title, query in PLANS.items():
            sql = query.format(clients=clients)
            rows = await session.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) {sql}"))
            print(f"### {title}\n\n```\n" + "\n".join(row[0] for row in rows) + "\n```\n")


def _timing(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


async def latency(url: str, rounds: int) -> None:
    settings = Settings(database_url=url)
    async with GatewayHarness.serve(create_app(settings, clock=lambda: NOW)) as gateway:
        cases: dict[str, dict[str, Any]] = {
            "`ticket(id)` with every alert": {
                "query": '{ ticket(id: "765437") { alerts { code title message } } }'
            },
            "`tickets(first: 100)` with every alert": {
                "query": "{ tickets(first: 100) { edges { node { alerts { code } } } } }"
            },
        }
        hostile = {
            "introspection": {"query": "{ __schema { types { name } } }"},
            "20 levels of nesting": {
                "query": '{ ticket(id: "1") ' + "{ client " * 18 + "{ id }" * 19 + " }"
            },
            "1 100 tokens (under the body limit)": {"query": "{" + " __typename" * 1100 + " }"},
            "a 50 kB body": {"query": "{" + " __typename" * 5000 + " }"},
        }
        print("| request | latency |\n| --- | --- |")
        for title, body in cases.items():
            await gateway.http.post("/graphql", json=body)  # warm up
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = await gateway.http.post("/graphql", json=body)
                samples.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{title}: {response.status_code} {response.text}")
            print(f"| {title} | {_timing(samples)} |")
        for title, body in hostile.items():
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                await gateway.http.post("/graphql", json=body)
                samples.append(time.perf_counter() - started)
            print(f"| refusing {title} | {_timing(samples)} |")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    started = time.perf_counter()
    url = await fill(args.url)
    print(f"Filled in {time.perf_counter() - started:.0f} s.\n")
    await plans(url)
    await latency(url, args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
