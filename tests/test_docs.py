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
