"""The gateway's settings: one object, read once from the environment and passed down.

Every setting is an environment variable with the ``GATEWAY_`` prefix; maps take one variable per
key with ``__`` between the parts (``GATEWAY_PROVIDER_PRIORITY__certificate=3``) or a whole JSON
object (``GATEWAY_PROVIDER_PRIORITY='{"certificate": 3}'``). The README has the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PositiveFloat, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.i18n import SUPPORTED_LOCALES

EMBEDDED_DATABASE_FILE = Path("alerts-gateway.sqlite3")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL (sqlite+aiosqlite:///… or postgresql+asyncpg://…). "
        "Unset: the embedded SQLite file, created with demo data on first start.",
    )
    embedded_database: Path = Field(
        default=EMBEDDED_DATABASE_FILE,
        description="Where the embedded SQLite database lives when no database URL is set.",
    )
    dev: bool | None = Field(
        default=None,
        description="Developer conveniences (GraphiQL, introspection). "
        "Unset: on for the embedded demo database, off otherwise.",
    )
    timezone: str = Field(
        default="America/Sao_Paulo",
        description="The business time zone: days to expiry are calendar days there.",
    )
    default_locale: str = Field(
        default="pt_BR", description="Message language when the request does not ask for one."
    )
    disabled_providers: list[str] = Field(
        default_factory=list, description="Providers that are never loaded, by name."
    )
    required_providers: list[str] = Field(
        default_factory=list,
        description="Providers without which the gateway refuses to start, by name.",
    )
    provider_priority: dict[str, int] = Field(
        default_factory=dict, description="Priority overrides by provider name (lower first)."
    )
    provider_timeout: PositiveFloat = Field(
        default=2.0, description="Seconds a provider may take for one batch before it is cut off."
    )
    provider_timeouts: dict[str, PositiveFloat] = Field(
        default_factory=dict, description="Per-provider timeout overrides, in seconds."
    )
    provider_config: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Each provider's own options, by provider name."
    )
    max_page_size: int = Field(
        default=100, ge=1, le=1000, description="The largest `first` a ticket page accepts."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Logging threshold."
    )
    log_json: bool = Field(default=False, description="One JSON object per log line.")
    tracing: bool = Field(
        default=False, description="OpenTelemetry spans: one per request, one per provider call."
    )
    max_query_depth: int = Field(default=8, ge=1, description="Deepest selection accepted.")
    max_query_tokens: int = Field(default=1000, ge=10, description="Longest query, in tokens.")
    max_aliases: int = Field(default=30, ge=0, description="Most aliases in one query.")
    max_body_bytes: int = Field(
        default=32768, ge=1024, description="Largest request body, in bytes."
    )
    graceful_shutdown_seconds: float = Field(
        default=30, ge=0, description="How long in-flight requests may finish on shutdown."
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as America/Sao_Paulo)"
            ) from None
        return value

    @field_validator("default_locale")
    @classmethod
    def _supported_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"{value!r} is not one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @property
    def embedded(self) -> bool:
        """True when the gateway runs on its embedded SQLite database."""
        return self.database_url is None

    @property
    def effective_database_url(self) -> str:
        if self.database_url is not None:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.embedded_database}"

    @property
    def dev_mode(self) -> bool:
        return self.embedded if self.dev is None else self.dev

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def timeout_for(self, provider: str) -> float:
        return self.provider_timeouts.get(provider, self.provider_timeout)
