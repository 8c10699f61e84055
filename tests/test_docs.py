"""The README stays true: every setting documented, the example response real."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from gateway.db.demo import demo_dataset
from gateway.settings import Settings
from gateway.testing import GatewayHarness
from tests.support import NOW

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _between(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\n(.*?)<!-- /{marker} -->", README, re.S)
    assert match, f"README has no {marker} section"
    return match.group(1)


def test_every_setting_is_in_the_readme_table() -> None:
    documented = set(
        re.findall(r"^\| `GATEWAY_([A-Z_]+?)(?:__<name>.*?)?` \|", _between("settings-table"), re.M)
    )
    declared = {name.upper() for name in Settings.model_fields}
    assert documented == declared


async def test_readme_example_response_is_what_the_demo_answers(tmp_path: Path) -> None:
    query = re.search(r"```graphql\n(.*?)```", README, re.S)
    assert query
    expected: dict[str, Any] = json.loads(
        _between("example-response").removeprefix("```json\n").removesuffix("```\n")
    )
    async with GatewayHarness.start(tmp_path, demo_dataset(NOW), now=NOW) as gateway:
        assert await gateway.execute(query.group(1)) == expected


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


async def test_the_provider_guide_first_example_runs() -> None:
    from gateway.plugin import Client
    from gateway.testing import run_provider

    guide = Path(__file__).parent.parent / "docs" / "providers.md"
    namespace: dict[str, Any] = {}
    exec(_python_blocks(guide)[0], namespace)  # noqa: S102 - our own documentation
    clients = [Client(id="1", name="Farmácia VIP"), Client(id="2", name="Loja")]
    result = await run_provider(namespace["VipProvider"], clients=clients, now=NOW)
    assert [(alert.code, alert.title) for alert in result.alerts["1"]] == [("vip", "VIP")]
    assert "2" not in result.alerts


async def test_the_plugin_module_docstring_example_runs() -> None:
    import gateway.plugin
    from gateway.plugin import Client
    from gateway.testing import run_provider

    doc = gateway.plugin.__doc__ or ""
    example = doc[doc.index("    from gateway.plugin") : doc.index("docs/providers.md") - 1]
    source = "\n".join(line.removeprefix("    ") for line in example.splitlines())
    source = source[: source.rindex("}") + 1]
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # noqa: S102 - our own documentation
    result = await run_provider(
        namespace["VipProvider"], now=NOW, clients=[Client(id="1", name="VIP Drogaria")]
    )
    assert [alert.code for alert in result.alerts["1"]] == ["vip"]
