"""The README's terminal sessions are real: every ``$ kg …`` it quotes is run and compared.

The README is read top to bottom as a new user would follow it: each ```` ```text ```` block
whose lines start with ``$ `` holds commands and the output they print (stdout and stderr, as a
terminal shows them). They run in order in one sandbox that holds ``seeds/``, ``tests/data``
and the example inputs of ``docs/examples/``, so a later block sees what an earlier one built
(the tour's ``out/``); the sandbox starts where the Quickstart leaves a user, with the seed
built into ``out/``. A line ``…`` in an output stands for any number of lines. Commands that
cannot run here (``kg serve`` blocks the terminal, ``kg train`` and ``python bench/…`` take
minutes and need ``../shared``) are not run.

After a change that alters an output, ``KG_README_UPDATE=1 pytest tests/test_readme_outputs.py``
rewrites the README's outputs from the real ones (then review the diff; ``…`` lines are kept
where they still match).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
KG_EXE = shutil.which("kg")
NOT_RUN = ("kg serve", "kg train", "python ")
ELLIPSIS = "…"

pytestmark = pytest.mark.skipif(KG_EXE is None, reason="the kg console script is not on PATH")


def sessions(text: str) -> list[tuple[int, int, list[tuple[str, list[str]]]]]:
    """(first line, end line, [(command, output lines)]) of each terminal block, in order."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```text" and i + 1 < len(lines) and lines[i + 1].startswith("$ "):
            j = i + 1
            steps: list[tuple[str, list[str]]] = []
            while lines[j].strip() != "```":
                if lines[j].startswith("$ "):
                    steps.append((lines[j][2:], []))
                else:
                    steps[-1][1].append(lines[j])
                j += 1
            out.append((i + 1, j, steps))
            i = j
        i += 1
    return out


def _matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` equals ``actual`` (trailing spaces aside), a line ``…`` standing for any
    number of lines."""
    exp = [line.rstrip() for line in expected]
    act = [line.rstrip() for line in actual]
    reach = {0}  # how many actual lines the expected lines so far can have consumed
    for line in exp:
        if line.strip() == ELLIPSIS:
            reach = set(range(min(reach), len(act) + 1)) if reach else set()
        else:
            reach = {k + 1 for k in reach if k < len(act) and act[k] == line}
    return len(act) in reach


def _sandbox(tmp: Path) -> Path:
    box = tmp / "box"
    shutil.copytree(ROOT / "seeds", box / "seeds")
    shutil.copytree(ROOT / "tests" / "data", box / "tests" / "data")
    examples = ROOT / "docs" / "examples"
    if examples.is_dir():
        for item in examples.iterdir():
            target = box / item.name
            (shutil.copytree if item.is_dir() else shutil.copy)(item, target)
    return box


def _quickstart_output(text: str) -> list[str]:
    """The output the Quickstart quotes for its set-up command (the text block after it)."""
    start = text.index("## Quickstart")
    block = text.index("```text\n", start) + len("```text\n")
    return text[block : text.index("```", block)].rstrip("\n").split("\n")


def _run(command: str, box: Path) -> list[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    env.pop("KG_DEBUG", None)
    proc = subprocess.run(
        ["bash", "-c", command],
        cwd=box,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
    )
    return proc.stdout.rstrip("\n").split("\n") if proc.stdout.strip() else []


def test_readme_sessions_print_what_the_readme_says(tmp_path):
    text = README.read_text(encoding="utf-8")
    box = _sandbox(tmp_path)
    stale = []
    first_build = _run("kg build seeds/ --out out/", box)  # the Quickstart's set-up command
    if not _matches(_quickstart_output(text), first_build):
        stale.append("README.md: Quickstart: kg build seeds/ --out out/\n" + "\n".join(first_build))
    updates: dict[tuple[int, int], list[str]] = {}
    for first, end, steps in sessions(text):
        block: list[str] = []
        for command, expected in steps:
            block.append(f"$ {command}")
            if command.startswith(NOT_RUN):
                block.extend(expected)
                continue
            actual = _run(command, box)
            if _matches(expected, actual):
                block.extend(expected)
                continue
            stale.append(f"README.md:{first + 1}: $ {command}\n" + "\n".join(actual))
            block.extend(actual)
        updates[(first, end)] = block
    if stale and os.environ.get("KG_README_UPDATE"):
        lines = text.split("\n")
        for (first, end), block in sorted(updates.items(), reverse=True):
            lines[first:end] = block
        README.write_text("\n".join(lines), encoding="utf-8")
    assert not stale, "README outputs are stale (KG_README_UPDATE=1 rewrites them):\n\n" + (
        "\n\n".join(stale)
    )


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "…", "d"], ["a", "b", "c", "d"], True),
        (["a", "…", "d"], ["a", "d"], True),
        (["a", "…"], ["a", "b"], True),
        (["a", "b"], ["a", "c"], False),
        (["a", "…", "d"], ["a", "b", "c"], False),
        (["x (1) [y]"], ["x (1) [y]  "], True),
    ],
)
def test_ellipsis_matching(expected, actual, ok):
    assert _matches(expected, actual) is ok
