#!/bin/sh
# The container's start: apply the migrations, then serve. Configured by the environment:
#   GATEWAY_DATABASE_URL (required here: a container is not the embedded demo),
#   PORT (8000), WORKERS (2), HOST (0.0.0.0), and every other GATEWAY_* setting.
# Extra arguments go to `alerts-gateway serve`.
set -eu

if [ -z "${GATEWAY_DATABASE_URL:-}" ]; then
  echo "entrypoint: set GATEWAY_DATABASE_URL (e.g. postgresql+asyncpg://gateway@db/gateway)" >&2
  exit 64
fi

echo "entrypoint: applying migrations"
alerts-gateway db upgrade

# exec: the server becomes PID 1's child process of record and gets SIGTERM directly,
# so in-flight requests finish before it stops.
exec alerts-gateway serve --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
  --workers "${WORKERS:-2}" "$@"
