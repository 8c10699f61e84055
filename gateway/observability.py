"""Logs, metrics and traces: what operators watch.

- Every log line carries the request id (``X-Request-Id``, made up when the client sends none);
  ``GATEWAY_LOG_JSON=true`` writes one JSON object per line (python-json-logger).
- Prometheus metrics (prometheus-client) at ``/metrics``; with several workers they are
  aggregated through ``PROMETHEUS_MULTIPROC_DIR``, which ``alerts-gateway serve`` sets up.
- OpenTelemetry spans when ``GATEWAY_TRACING=true``: one per provider call, never per field.
"""

from __future__ import annotations

import contextvars
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from pythonjsonlogger.json import JsonFormatter

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

log = logging.getLogger(__name__)

HTTP_REQUESTS = Counter(
    "gateway_http_requests_total", "HTTP requests answered.", ["method", "path", "status"]
)
HTTP_LATENCY = Histogram(
    "gateway_http_request_duration_seconds", "Time to answer an HTTP request.", ["method", "path"]
)
PROVIDER_LATENCY = Histogram(
    "gateway_provider_duration_seconds", "Time a provider took for one batch.", ["provider"]
)
PROVIDER_FAILURES = Counter(
    "gateway_provider_failures_total",
    "Provider batches that failed, by failure code (PROVIDER_TIMEOUT for timeouts).",
    ["provider", "code"],
)
ALERTS_EMITTED = Counter(
    "gateway_alerts_emitted_total", "Alerts raised by providers.", ["provider", "severity"]
)


def metrics_payload() -> tuple[bytes, str]:
    """The exposition text of every metric, aggregated over workers when there are several."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so every line of a request can be found together."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def configure_logging(level: str, json_lines: bool) -> None:
    """Root logging for the service: request ids on every line, text or JSON."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if json_lines:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # The gateway writes its own access line, with the request id; uvicorn's would repeat it.
    logging.getLogger("uvicorn.access").disabled = True
    # Alembic's INFO lines describe its own machinery, not the gateway's state.
    logging.getLogger("alembic").setLevel(max(root.level, logging.WARNING))


class Tracer:
    """Spans around provider calls, or nothing at all when tracing is off."""

    def __init__(self, enabled: bool) -> None:
        self._tracer: Any = None
        if enabled:
            from opentelemetry import trace

            _configure_sdk(trace)
            self._tracer = trace.get_tracer("gateway")

    @contextmanager
    def span(self, name: str, **attributes: Any) -> Iterator[Any]:
        if self._tracer is None:
            yield None
            return
        with self._tracer.start_as_current_span(name, attributes=attributes) as span:
            yield span


def _configure_sdk(trace: Any) -> None:
    """Export spans over OTLP (standard OTEL_* variables) unless a tracer provider is set."""
    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        return  # configured already, e.g. by opentelemetry-instrument or a test
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.warning(
            "GATEWAY_TRACING is on but the OpenTelemetry SDK is not installed: "
            "pip install 'ticket-alerts-gateway[tracing]'; no span will be exported"
        )
        return
    provider = TracerProvider(resource=Resource.create({"service.name": "alerts-gateway"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
