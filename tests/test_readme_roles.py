"""The README's roles × actions table is the core's own, and every test its Part 11 table names exists."""

from __future__ import annotations

import re
from pathlib import Path

from qa_desk.core import roles

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_roles_table_is_the_core_permissions_table():
    block = README.split("<!-- roles-table -->\n", 1)[1].split("\n<!-- /roles-table -->", 1)[0]
    assert block == roles.markdown_table(), "run python -m qa_desk.core.roles and paste the table into the README"


def test_the_table_follows_the_permissions_a_change_there_is_caught():
    assert "| back up 备份 (`backup`) |  |  | ✓ |  | ✓ |" in roles.markdown_table()
    original = roles.PERMISSIONS["backup"]
    roles._ACTIONS["backup"] = (original | {roles.RECEPTION}, *roles._ACTIONS["backup"][1:])
    try:
        assert roles.markdown_table() not in README
    finally:
        roles._ACTIONS["backup"] = (original, *roles._ACTIONS["backup"][1:])


def test_every_test_named_in_the_traceability_table_exists():
    table = README.split("### Traceability", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", table)
    assert len(named) >= 20
    for path, name in named:
        text = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", text, re.M), f"{path}::{name} is named in the README but does not exist"
