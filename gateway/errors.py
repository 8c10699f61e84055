"""Every error the gateway raises on purpose.

    GatewayError
    ├── ConfigurationError          settings that cannot work (bad URL, unknown time zone, …)
    ├── DatabaseError
    │   ├── DatabaseNotReady        the schema is missing or behind the code's migrations
    │   └── LoadError               a data file failed validation; nothing was written
    ├── ProviderError
    │   ├── ProviderLoadError       a plugin could not be imported, validated or configured
    │   ├── RequiredProviderMissing an operator-required provider is not available
    │   └── ProviderFailure         a provider failed while computing alerts
    │       ├── ProviderTimeout     … by running past its timeout
    │       └── MalformedResult     … by returning something that is not alerts
    ├── SourceUnavailable           raised BY a provider: the service it reads is down
    └── InvalidInput                a GraphQL argument out of range, an unreadable cursor

Anything else escaping the gateway is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence


class GatewayError(Exception):
    """Base class of every error the gateway raises on purpose."""


class ConfigurationError(GatewayError):
    """The settings cannot work; the message says which setting and why."""


class DatabaseError(GatewayError):
    """Base class of database problems the operator can act on."""


class DatabaseNotReady(DatabaseError):
    """The database schema is missing or older than this version of the gateway."""


class LoadError(DatabaseError):
    """A data file failed validation; ``problems`` has one line per problem, with its place."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found, nothing was written:\n" + "\n".join(self.problems))


class ProviderError(GatewayError):
    """Base class of errors tied to one alert provider, named by ``provider``."""

    def __init__(self, provider: str, message: str) -> None:
        self.provider = provider
        super().__init__(f"provider {provider!r}: {message}")


class ProviderLoadError(ProviderError):
    """A provider plugin could not be imported, validated or configured."""


class RequiredProviderMissing(ProviderError):
    """The operator marked a provider as required and it is not available."""


class ProviderFailure(ProviderError):
    """A provider failed while computing alerts; the other providers' alerts still stand."""

    code = "PROVIDER_FAILED"

    def __init__(self, provider: str, message: str, *, code: str | None = None) -> None:
        super().__init__(provider, message)
        if code is not None:
            self.code = code


class ProviderTimeout(ProviderFailure):
    """A provider ran past its timeout."""

    code = "PROVIDER_TIMEOUT"


class MalformedResult(ProviderFailure):
    """A provider returned something that is not a mapping of ids to alerts."""

    code = "PROVIDER_MALFORMED_RESULT"


class SourceUnavailable(GatewayError):
    """Raised by a provider when the service or data it reads cannot be reached.

    Its message is shown to the frontend (in ``errors``), so say what is down, never secrets:
    ``raise SourceUnavailable("billing service at https://billing.local did not answer in 2 s")``.
    Any other exception is logged with its traceback and shown only as "raised <ExceptionType>".
    """

    code = "PROVIDER_SOURCE_UNAVAILABLE"


class InvalidInput(GatewayError):
    """A client sent an argument the gateway cannot honour; the message says which and why."""

    code = "BAD_USER_INPUT"

    def __init__(self, argument: str, problem: str) -> None:
        self.argument = argument
        super().__init__(f"{argument}: {problem}")
