"""``alerts-gateway new-provider NAME``: a provider package that installs and passes its tests.

The templates in ``template/`` are filled with ``string.Template`` (``$name``): they are Python and
TOML, whose braces must stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from gateway import __version__
from gateway.errors import GatewayError
from gateway.plugin import API_VERSION

TEMPLATES = Path(__file__).parent / "template"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,48}[a-z0-9]$")


class ScaffoldError(GatewayError):
    """The provider package cannot be written; nothing was."""


@dataclass(frozen=True, slots=True)
class Scaffold:
    name: str

    @property
    def package(self) -> str:
        return f"{self.name}_alerts"

    @property
    def distribution(self) -> str:
        return f"{self.name.replace('_', '-')}-alerts"

    @property
    def class_stem(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_"))

    def values(self) -> dict[str, str]:
        major = int(__version__.split(".")[0])
        return {
            "name": self.name,
            "package": self.package,
            "distribution": self.distribution,
            "class_stem": self.class_stem,
            "class_name": f"{self.class_stem}Provider",
            "title": self.name.replace("_", " ").capitalize(),
            "api_version": API_VERSION,
            "gateway_version": __version__,
            "next_major": f"{major + 1}",
        }

    def files(self) -> dict[str, str]:
        """Relative path -> content of every file of the package."""
        package = self.package
        layout = {
            "pyproject.toml": "pyproject.toml.tmpl",
            "README.md": "README.md.tmpl",
            f"src/{package}/__init__.py": "provider.py.tmpl",
            f"src/{package}/locales/pt_BR/LC_MESSAGES/{package}.po": "messages.po.tmpl",
            f"tests/test_{self.name}.py": "test_provider.py.tmpl",
        }
        values = self.values()
        return {
            path: Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
            for path, template in layout.items()
        }


def new_provider(name: str, parent: Path) -> Path:
    """Write the package of provider ``name`` under ``parent``; its folder is returned."""
    if not NAME.match(name):
        raise ScaffoldError(
            f"{name!r} cannot name a provider: use 3 to 50 lowercase letters, digits and "
            "underscores, starting with a letter (e.g. overdue_invoices)"
        )
    scaffold = Scaffold(name)
    root = parent / scaffold.distribution
    if root.exists():
        raise ScaffoldError(f"{root} already exists; nothing was written")
    for path, content in scaffold.files().items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return root
