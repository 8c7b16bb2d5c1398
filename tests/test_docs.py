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
