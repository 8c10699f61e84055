"""The built-in alert providers of the support handbook, one module each.

They are registered in pyproject.toml under ``gateway.alert_providers`` exactly as a third-party
package registers its own, and use nothing but ``gateway.plugin``.
"""

from pathlib import Path

from gateway.plugin import Catalogue

catalogue = Catalogue(Path(__file__).parent / "locales", "providers")
"""The built-ins' messages: English ids, translated in locales/<locale>/LC_MESSAGES."""
