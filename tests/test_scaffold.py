"""`alerts-gateway new-provider NAME`: a package that installs, passes its tests and is found."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import main
from tests.support import pip_install, run_tests, with_site


def test_the_new_package_installs_passes_its_tests_and_is_found(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["new-provider", "vip_clients", "--directory", str(tmp_path)], out=out) == 0
    root = tmp_path / "vip-clients-alerts"
    assert out.getvalue().startswith(f"wrote {root}\n")

    site = tmp_path / "site"
    pip_install(root, site)
    tests = run_tests(root, site)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout

    listed = subprocess.run(
        [sys.executable, "-m", "gateway", "providers", "--json"],
        capture_output=True,
        text=True,
        env=with_site(site),
        check=True,
    )
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["vip_clients"]["package"] == "vip-clients-alerts"
    assert rows["vip_clients"]["version"] == "0.1.0"
    assert rows["vip_clients"]["loaded"] is True
    assert rows["vip_clients"]["priority"] == 100


@pytest.mark.parametrize("name", ["VIP", "9lives", "with-dash", "x", "ok_"])
def test_a_name_that_cannot_be_a_provider_is_refused(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-provider", name, "--directory", str(tmp_path)]) == 2
    assert f"{name!r} cannot name a provider" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vip-clients-alerts").mkdir()
    (tmp_path / "vip-clients-alerts" / "keep.txt").write_text("mine")
    assert main(["new-provider", "vip_clients", "--directory", str(tmp_path)]) == 2
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "vip-clients-alerts").iterdir()] == ["keep.txt"]
