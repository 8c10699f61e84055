"""Finding, checking and configuring the alert providers.

Providers are found through stevedore in the ``gateway.alert_providers`` entry-point group, the
built-ins exactly like third-party packages. A disabled provider is never imported. A provider
that cannot be imported, is not a valid provider, was built for another major version of the
plugin API, or whose config is invalid, is left out and reported (``alerts-gateway providers``,
the log, ``/readyz``) instead of stopping the gateway, unless the operator marked it required.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pydantic
from stevedore import ExtensionManager, NamedExtensionManager
from stevedore.extension import Extension

from gateway.errors import ProviderLoadError, RequiredProviderMissing
from gateway.graphql.alerts import AlertType, GenericAlert
from gateway.plugin import (
    API_VERSION,
    AlertProvider,
    ClientAlertProvider,
    ProviderConfig,
    TicketAlertProvider,
)
from gateway.settings import Settings

NAMESPACE = "gateway.alert_providers"

log = logging.getLogger(__name__)

Kind = Literal["client", "ticket"]


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """One provider as found: what ``alerts-gateway providers`` prints for it."""

    name: str
    target: str
    package: str | None
    version: str | None
    priority: int | None
    enabled: bool
    required: bool
    error: str | None = None

    @property
    def loaded(self) -> bool:
        return self.enabled and self.error is None


@dataclass(frozen=True, slots=True)
class LoadedProvider:
    """A provider ready to run, with what the operator set for it."""

    name: str
    provider: AlertProvider[Any]
    kind: Kind
    priority: int
    config: ProviderConfig
    timeout: float
    graphql_type: type[AlertType]
    logger: logging.Logger


@dataclass(frozen=True, slots=True)
class Registry:
    """The providers of one application: those that run, in priority order, and all found."""

    providers: tuple[LoadedProvider, ...]
    found: tuple[ProviderInfo, ...]

    def of_kind(self, kind: Kind) -> tuple[LoadedProvider, ...]:
        return tuple(loaded for loaded in self.providers if loaded.kind == kind)

    @property
    def failures(self) -> tuple[ProviderInfo, ...]:
        return tuple(info for info in self.found if info.enabled and info.error is not None)

    @property
    def alert_types(self) -> tuple[type[AlertType], ...]:
        """Every GraphQL alert type contributed by a running provider, each once."""
        return tuple(dict.fromkeys(loaded.graphql_type for loaded in self.providers))


def stevedore_manager(
    names: Sequence[str],
    on_failure: Callable[[Any, importlib.metadata.EntryPoint, BaseException], None] | None = None,
) -> ExtensionManager[Any]:
    """A manager that imports only the named providers (none: it just lists them)."""
    return NamedExtensionManager(
        NAMESPACE,
        names=list(names),
        invoke_on_load=False,
        on_load_failure_callback=on_failure,
        on_missing_entrypoints_callback=None,
    )


def _packages() -> dict[tuple[str, str], tuple[str, str]]:
    """(entry-point name, target) -> (distribution name, version), for this group."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for dist in importlib.metadata.distributions():
        for entry_point in dist.entry_points:
            if entry_point.group == NAMESPACE:
                found[(entry_point.name, entry_point.value)] = (
                    dist.metadata["Name"],
                    dist.version,
                )
    return found


def _api_compatible(declared: object) -> str | None:
    """Why a declared API version is refused, or None when it is accepted."""
    supported_major, supported_minor = (int(part) for part in API_VERSION.split("."))
    supported = f"this gateway supports plugin API {supported_major}.0 to {API_VERSION}"
    if not isinstance(declared, str):
        return f"declares no api_version (set api_version = {API_VERSION!r}); {supported}"
    try:
        major, minor = (int(part) for part in declared.split("."))
    except ValueError:
        return f"api_version {declared!r} is not MAJOR.MINOR; {supported}"
    if major != supported_major or minor > supported_minor:
        return f"was built for plugin API {declared}; {supported}"
    return None


def _kind_of(plugin: object) -> Kind:
    if not inspect.isclass(plugin):
        raise TypeError(f"{plugin!r} is not a class")
    if issubclass(plugin, ClientAlertProvider):
        kind: Kind = "client"
    elif issubclass(plugin, TicketAlertProvider):
        kind = "ticket"
    else:
        raise TypeError(
            f"{plugin.__qualname__} is not a subclass of "
            "gateway.plugin.ClientAlertProvider or gateway.plugin.TicketAlertProvider"
        )
    if inspect.isabstract(plugin):
        missing = ", ".join(sorted(getattr(plugin, "__abstractmethods__", ())))
        raise TypeError(f"{plugin.__qualname__} does not implement {missing}")
    return kind


def _config_error(name: str, error: pydantic.ValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = "".join(f"__{part}" for part in problem["loc"])
        message = str(problem["msg"]).removeprefix("Value error, ")
        parts.append(f"GATEWAY_PROVIDER_CONFIG__{name}{where}: {message}")
    return "invalid config: " + "; ".join(parts)


def _prepare(name: str, plugin: Any, settings: Settings) -> LoadedProvider:
    """Check one imported plugin and build it, or raise ProviderLoadError saying why.

    ``plugin`` is the class an entry point names or, in tests, an instance of one.
    """
    instance = None if inspect.isclass(plugin) else plugin
    if instance is not None:
        plugin = type(instance)
    try:
        kind = _kind_of(plugin)
    except TypeError as error:
        raise ProviderLoadError(name, str(error)) from None
    refusal = _api_compatible(getattr(plugin, "api_version", None))
    if refusal:
        raise ProviderLoadError(name, refusal)
    priority = settings.provider_priority.get(name, plugin.default_priority)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise ProviderLoadError(name, f"default_priority must be an int, not {priority!r}")
    graphql_type = plugin.graphql_type or GenericAlert
    if not (inspect.isclass(graphql_type) and issubclass(graphql_type, AlertType)):
        raise ProviderLoadError(name, "graphql_type must be a Strawberry type implementing Alert")
    config_model = plugin.config_model
    if not (inspect.isclass(config_model) and issubclass(config_model, ProviderConfig)):
        raise ProviderLoadError(name, "config_model must be a subclass of ProviderConfig")
    try:
        config = config_model.model_validate(settings.provider_config.get(name, {}))
    except pydantic.ValidationError as error:
        raise ProviderLoadError(name, _config_error(name, error)) from None
    try:
        provider = instance if instance is not None else plugin()
    except Exception as error:
        raise ProviderLoadError(name, f"could not be created: {error!r}") from error
    return LoadedProvider(
        name=name,
        provider=provider,
        kind=kind,
        priority=priority,
        config=config,
        timeout=settings.timeout_for(name),
        graphql_type=graphql_type,
        logger=logging.getLogger(f"gateway.providers.{name}"),
    )


def _warn_unknown(settings: Settings, known: Iterable[str]) -> None:
    known = set(known)
    named = {
        "GATEWAY_DISABLED_PROVIDERS": settings.disabled_providers,
        "GATEWAY_REQUIRED_PROVIDERS": settings.required_providers,
        "GATEWAY_PROVIDER_PRIORITY": settings.provider_priority,
        "GATEWAY_PROVIDER_CONFIG": settings.provider_config,
        "GATEWAY_PROVIDER_TIMEOUTS": settings.provider_timeouts,
    }
    for setting, names in named.items():
        for name in sorted(set(names) - known):
            log.warning("%s names %r, but no provider of that name is installed", setting, name)


def discover(settings: Settings) -> Registry:
    """Find every provider, load the enabled ones and order them by priority, then name."""
    failures: dict[tuple[str, str], str] = {}

    def on_failure(
        _manager: Any, entry_point: importlib.metadata.EntryPoint, error: BaseException
    ) -> None:
        failures[(entry_point.name, entry_point.value)] = f"could not be imported: {error!r}"

    disabled = set(settings.disabled_providers)
    # stevedore keeps entry points per process; a package installed since must be seen.
    ExtensionManager.ENTRY_POINT_CACHE.pop(NAMESPACE, None)
    listing = stevedore_manager([]).list_entry_points()
    by_name: dict[str, list[importlib.metadata.EntryPoint]] = defaultdict(list)
    for entry_point in listing:
        by_name[entry_point.name].append(entry_point)
    clashes = {name for name, points in by_name.items() if len(points) > 1}
    to_load = sorted(set(by_name) - disabled - clashes)

    manager = stevedore_manager(to_load, on_failure)
    extensions: dict[str, Extension[Any]] = {ext.name: ext for ext in manager.extensions}
    packages = _packages()

    found: list[ProviderInfo] = []
    loaded: list[LoadedProvider] = []
    names = sorted(by_name)
    for name in names:
        points = by_name[name]
        target = points[0].value
        package, version = packages.get((name, target), (None, None))
        error: str | None = None
        priority: int | None = None
        if name in clashes:
            owners = sorted(
                "{} {}".format(*packages.get((name, point.value), (point.value, "?")))
                for point in points
            )
            error = "registered more than once (by " + " and ".join(owners) + "); none was loaded"
            target = ", ".join(point.value for point in points)
        elif name in disabled:
            pass
        elif name in extensions:
            try:
                ready = _prepare(name, extensions[name].plugin, settings)
            except ProviderLoadError as failure:
                error = str(failure).removeprefix(f"provider {name!r}: ")
            else:
                loaded.append(ready)
                priority = ready.priority
        else:
            error = failures.get((name, target), "could not be imported")
        if error is not None and name not in disabled:
            log.error("provider %r left out: %s", name, error)
        found.append(
            ProviderInfo(
                name=name,
                target=target,
                package=package,
                version=version,
                priority=priority,
                enabled=name not in disabled,
                required=name in settings.required_providers,
                error=error,
            )
        )
    _warn_unknown(settings, names)
    loaded.sort(key=lambda ready: (ready.priority, ready.name))
    return Registry(providers=tuple(loaded), found=tuple(found))


def registry_of(providers: Mapping[str, Any], settings: Settings) -> Registry:
    """A registry of the given provider classes or instances, by name, without entry points.

    For tests: it checks and configures them exactly as ``discover`` does.
    """
    loaded = sorted(
        (_prepare(name, plugin, settings) for name, plugin in providers.items()),
        key=lambda ready: (ready.priority, ready.name),
    )
    found = tuple(
        ProviderInfo(
            name=ready.name,
            target=type(ready.provider).__qualname__,
            package=None,
            version=None,
            priority=ready.priority,
            enabled=True,
            required=False,
        )
        for ready in loaded
    )
    return Registry(providers=tuple(loaded), found=found)


def check_required(registry: Registry, settings: Settings) -> None:
    """Raise RequiredProviderMissing for the first required provider that is not running."""
    running = {loaded.name for loaded in registry.providers}
    by_name = {info.name: info for info in registry.found}
    for name in settings.required_providers:
        if name in running:
            continue
        info = by_name.get(name)
        if info is None:
            reason = "no installed package provides it"
        elif not info.enabled:
            reason = "it is also listed in GATEWAY_DISABLED_PROVIDERS"
        else:
            reason = info.error or "it did not load"
        raise RequiredProviderMissing(
            name, f"is required (GATEWAY_REQUIRED_PROVIDERS) but {reason}"
        )
