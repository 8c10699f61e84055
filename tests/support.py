"""Constants and types the tests share (fixtures live in conftest.py)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from gateway.testing import GatewayHarness

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
NOW = datetime(2026, 12, 4, 10, 0, tzinfo=SAO_PAULO)
"""The tests' "now": a Friday morning in the business time zone."""

StartGateway = Callable[..., AbstractAsyncContextManager[GatewayHarness]]
"""The ``start_gateway`` fixture: ``async with start_gateway(data, **settings) as gateway``."""


def install_distribution(
    site: Path,
    name: str,
    version: str,
    *,
    providers: dict[str, str],
    modules: dict[str, str],
) -> None:
    """Install a package into ``site`` the way pip lays one out: its modules and a dist-info
    whose entry_points.txt registers ``providers`` (name -> "module:Class")."""
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = [f"{entry} = {target}" for entry, target in providers.items()]
    (info / "entry_points.txt").write_text(
        "[gateway.alert_providers]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    (info / "RECORD").write_text("", encoding="utf-8")


def pip_install(package: Path, target: Path) -> None:
    """Install ``package`` into ``target`` with pip, as an operator would (no network needed)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(package),
        ],
        check=True,
        capture_output=True,
    )


def uninstall(site: Path) -> None:
    """Take a site folder off ``sys.path``: what it installed is gone for discovery."""
    sys.path.remove(str(site))
    importlib.invalidate_caches()


def with_site(site: Path | None, **extra: str) -> dict[str, str]:
    """The environment of a child process that sees the packages installed in ``site`` (none
    when it is None). GATEWAY_* settings of the shell are already gone (conftest)."""
    env = {name: value for name, value in os.environ.items() if name != "PROMETHEUS_MULTIPROC_DIR"}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return env | extra


def run_tests(package: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Run the test suite of an installed provider package, as its authors would."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=package,
        capture_output=True,
        text=True,
        env=with_site(site),
    )
