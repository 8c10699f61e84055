"""Constants and types the tests share (fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from zoneinfo import ZoneInfo

from gateway.testing import GatewayHarness

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
NOW = datetime(2026, 12, 4, 10, 0, tzinfo=SAO_PAULO)
"""The tests' "now": a Friday morning in the business time zone."""

StartGateway = Callable[..., AbstractAsyncContextManager[GatewayHarness]]
"""The ``start_gateway`` fixture: ``async with start_gateway(data, **settings) as gateway``."""
