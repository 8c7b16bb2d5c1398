"""Every command is documented in the README and has help text (a habit from sqlite-utils)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from graph.cli import main
from support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and main.commands[name].help
    assert f"factiongraph {name}" in README, f"README does not show `factiongraph {name}`"


def test_readme_starts_with_the_two_setup_commands():
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", README, flags=re.S)
    first = [line for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]
    assert len(first) == 2
    assert "build_graph.py" in first[0] or "factiongraph build" in first[0]
    assert "pytest" in first[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1].split("&&")[-1].strip() in ci


def command_row(name: str) -> str:
    """The README's command-table row for `factiongraph NAME`."""
    rows = [line for line in README.splitlines() if line.startswith(f"| `factiongraph {name}")]
    assert len(rows) == 1, f"README's command table has {len(rows)} rows for `factiongraph {name}`"
    return rows[0].split("` |")[0]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_the_command_table_shows_every_option_of_the_command(name):
    options = {max(param.opts, key=len) for param in main.commands[name].params
               if param.param_type_name == "option" and not param.hidden}
    missing = sorted(option for option in options if not re.search(rf"{re.escape(option)}\b", command_row(name)))
    assert not missing, f"README's row for `factiongraph {name}` lacks {', '.join(missing)} (see `--help`)"
