"""Languages: negotiation, and catalogues that are complete and in step with the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from gateway.i18n import negotiate_locale

ROOT = Path(__file__).parent.parent
CATALOGUE = ROOT / "providers" / "locales" / "pt_BR" / "LC_MESSAGES" / "providers.po"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "pt_BR"),
        ("", "pt_BR"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("pt-BR", "pt_BR"),
        ("pt-PT", "pt_BR"),
        ("fr-FR, en;q=0.5", "en"),
        ("en;q=0.2, pt;q=0.8", "pt_BR"),
        ("en;q=0", "pt_BR"),
        ("de, fr", "pt_BR"),
        ("*", "pt_BR"),
        ("en;q=nonsense, pt", "pt_BR"),
    ],
)
def test_accept_language_picks_a_supported_locale(header: str | None, expected: str) -> None:
    assert str(negotiate_locale(header)) == expected


def test_the_default_locale_is_a_setting() -> None:
    assert str(negotiate_locale("de", default="en")) == "en"


def test_every_message_has_a_portuguese_translation() -> None:
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    missing = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert missing == []


def test_the_catalogue_holds_every_message_of_the_code(tmp_path: Path) -> None:
    template = tmp_path / "providers.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "-o",
            str(template),
            "providers",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as source:
        in_code = {message.id for message in read_po(source) if message.id}
    with CATALOGUE.open("rb") as source:
        translated = {message.id for message in read_po(source) if message.id}
    assert in_code - translated == set(), "run pybabel extract + update (docs/providers.md)"
    assert translated - in_code == set(), "the catalogue has messages the code no longer uses"
