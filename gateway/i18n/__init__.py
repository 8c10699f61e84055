"""Message catalogues and language negotiation, on Babel.

Catalogues are gettext ``.po`` files under ``<directory>/<locale>/LC_MESSAGES/<domain>.po``. Their
message ids are English, so English needs no catalogue; Brazilian Portuguese is the desk's
language and the default. The ``.po`` files are compiled in memory the first time a locale is
asked for, so there is no compiled ``.mo`` file to forget to rebuild.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

SUPPORTED_LOCALES: tuple[str, ...] = ("pt_BR", "en")
DEFAULT_LOCALE = "pt_BR"


def parse_accept_language(header: str) -> list[str]:
    """The language tags of an ``Accept-Language`` header, most wanted first (q=0 dropped)."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate_locale(header: str | None, default: str = DEFAULT_LOCALE) -> Locale:
    """The supported locale that best matches an ``Accept-Language`` header.

    An exact match wins (``pt-BR``); otherwise the language alone picks the supported locale
    of that language (``pt-PT`` and ``pt`` get ``pt_BR``, ``en-GB`` gets ``en``).
    """
    supported = {name.lower(): name for name in SUPPORTED_LOCALES}
    by_language = {name.split("_")[0].lower(): name for name in reversed(SUPPORTED_LOCALES)}
    for tag in parse_accept_language(header or ""):
        normalized = tag.replace("-", "_").lower()
        if normalized in supported:
            return Locale.parse(supported[normalized])
        language = normalized.split("_")[0]
        if language in by_language:
            return Locale.parse(by_language[language])
    return Locale.parse(default)


@dataclass
class Catalogue:
    """The translations of one gettext domain, kept in ``directory``.

    >>> catalogue = Catalogue(Path("providers/locales"), "providers")
    >>> _ = catalogue.gettext(Locale.parse("pt_BR"))
    """

    directory: Path
    domain: str
    _cache: dict[str, NullTranslations] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def gettext(self, locale: Locale | str) -> NullTranslations:
        """The translations for ``locale`` (``gettext``, ``ngettext``), compiled once."""
        key = str(locale)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = self._load(key)
            return self._cache[key]

    def po_file(self, locale: str) -> Path:
        return self.directory / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def _load(self, locale: str) -> NullTranslations:
        path = self.po_file(locale)
        if not path.is_file():
            return NullTranslations()
        with path.open("rb") as source:
            catalog = read_po(source, locale=locale, domain=self.domain)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(fp=compiled, domain=self.domain)


def format_date(value: date, locale: Locale | str) -> str:
    """A date as a consultant reads it: ``15 de janeiro de 2027`` / ``January 15, 2027``."""
    return _babel_format_date(value, format="long", locale=locale)


def format_number(value: int | float, locale: Locale | str) -> str:
    return format_decimal(value, locale=locale)


def parse_locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"unknown locale {name!r}") from error
