"""Executable docs: the README, the CLI and CI agree (after sqlite-utils' ``tests/test_docs.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
QUERIES = ROOT / "kg" / "graph" / "queries"

#: The two set-up commands of the README's Quickstart, verbatim.
QUICKSTART = (
    "pip install . && kg build seeds/ --out out/",
    "pip install '.[test]' && pytest",
)
TEST_COMMAND = QUICKSTART[1]

COMMANDS = sorted(main.commands)


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_there_are_commands():
    assert {"build", "query", "queries", "evaluate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str):
    command = main.commands[name]
    with click.Context(command, info_name=name) as ctx:
        text = command.get_short_help_str() or ""
        full = command.get_help(ctx)
    assert (command.help or "").strip(), f"kg {name} has no help text (docstring)"
    assert text.strip(), f"kg {name} has no short help"
    assert full.strip()


@pytest.mark.parametrize("name", COMMANDS)
def test_command_in_readme(readme: str, name: str):
    assert re.search(rf"\bkg {re.escape(name)}\b", readme), f"`kg {name}` is not in README.md"


#: Subcommands of the command groups (``kg train ner`` …).
SUBCOMMANDS = [
    [name, sub]
    for name in COMMANDS
    if isinstance(main.commands[name], click.Group)
    for sub in sorted(main.commands[name].commands)
]


def test_train_has_subcommands():
    assert {"ner", "relevance", "extraction"} <= {sub for _, sub in SUBCOMMANDS}


@pytest.mark.parametrize(
    "args",
    [[]] + [[name] for name in COMMANDS] + SUBCOMMANDS,
    ids=["kg", *COMMANDS, *(" ".join(a) for a in SUBCOMMANDS)],
)
def test_help_output_in_readme(readme: str, args: list[str]):
    """The README quotes each ``--help`` verbatim, as an 80-column terminal shows it."""
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="kg", terminal_width=78)
    assert result.exit_code == 0, result.output
    assert result.output in readme, (
        f"README.md does not quote the current `kg {' '.join(args)} --help`:\n{result.output}"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_command_options_in_readme(readme: str, name: str):
    command = main.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert longest in readme, f"kg {name} {longest} is not in README.md"


@pytest.mark.parametrize("command", QUICKSTART)
def test_quickstart_command_in_readme(readme: str, command: str):
    assert command in readme


def test_ci_runs_the_readme_test_command():
    ci = CI_RUN.read_text(encoding="utf-8")
    assert TEST_COMMAND in ci
    assert "set -euo pipefail" in ci


@pytest.mark.parametrize("rq", sorted(p.name for p in QUERIES.glob("*.rq")))
def test_query_in_readme(readme: str, rq: str):
    assert rq in readme, f"kg/graph/queries/{rq} is not mentioned in README.md"


def test_readme_links_exist(readme: str):
    for target in re.findall(r"\]\(([^)#\s]+)\)", readme):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), f"README.md links to missing {target}"
