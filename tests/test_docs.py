"""The README documents every command and every setting, and CI runs its test command."""

from __future__ import annotations

import re

import typer.main

from plantrack.cli import app
from plantrack.settings import Settings
from tests.conftest import REPO

README = (REPO / "README.md").read_text("utf-8")


def test_every_command_is_in_the_readme() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert commands, "the CLI has no commands"
    for name in commands:
        assert re.search(rf"plantrack (?:--\S+ \S+ )*{name}\b", README), (
            f"`plantrack {name}` undocumented"
        )


def test_every_setting_is_in_the_readme() -> None:
    for field in Settings.model_fields:
        assert f"PLANTRACK_{field.upper()}" in README, f"setting {field} undocumented"
        assert f"--{field.replace('_', '-')}" in README, f"flag for {field} undocumented"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    match = re.search(r"^make (\w+)\s+# installs into \.venv \(if needed\) and runs", README, re.M)
    assert match, "README lost its test command"
    assert re.search(rf"^make {match.group(1)}$", ci, re.M)
