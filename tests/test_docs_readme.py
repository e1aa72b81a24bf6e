"""The README is the newcomer's page: short, its quick start the commands CI runs, every command
line in it one the parsers accept, every link in it to a file that exists."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from lrtui.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
CI = (ROOT / ".ci" / "run").read_text("utf-8")


def indented_lines() -> list[str]:
    """The lines of the README's indented code blocks (a command each)."""
    return [line[4:] for line in README.splitlines() if line.startswith("    ") and line.strip()]


def test_the_readme_is_short():
    assert len(README.splitlines()) <= 200


def test_the_quick_start_is_three_commands_and_ci_runs_the_test_one():
    lines = indented_lines()
    assert "python3 -m venv .venv && . .venv/bin/activate" in lines
    assert "pip install . && lrtui" in lines
    # .ci/run reads the test command with this sed expression: it must find exactly one
    found = subprocess.run(["sed", "-n", r's/^    \(pip install -e ".\[test\]" && pytest.*\)$/\1/p', "README.md"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    assert found == ['pip install -e ".[test]" && pytest']
    assert r'sed -n '"'"r's/^    \(pip install -e ".\[test\]" && pytest.*\)$/\1/p'"'" in CI


def test_the_readme_shows_the_animation():
    assert "](screenshots/lesson-three-learning-rates.gif)" in README


def readme_commands() -> list[list[str]]:
    commands = []
    for line in indented_lines():
        if line.startswith("lrtui"):
            commands.append(shlex.split(line.split("  #")[0]))
    return commands


def test_the_readme_shows_every_command():
    named = {argv[1] for argv in readme_commands() if len(argv) > 1 and argv[1] in COMMANDS}
    assert named == set(COMMANDS)


@pytest.mark.parametrize("argv", readme_commands(), ids=" ".join)
def test_every_command_line_in_the_readme_is_accepted(argv):
    """Each parses with the real parser, and its scenario, where it has one, is valid."""
    import importlib

    from lrtui.cli.args import scenario_from_args

    command = argv[1] if len(argv) > 1 and argv[1] in COMMANDS else "app"
    rest = argv[2:] if command != "app" else argv[1:]
    parser = importlib.import_module(f"lrtui.cli.{command}").build_parser()
    args = parser.parse_args(rest)  # an unknown flag: SystemExit(2)
    if hasattr(args, "function"):
        scenario_from_args(args)  # a bad value: InputError


def test_every_link_in_the_readme_goes_to_a_file():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if "://" not in link]
    assert len(local) >= 15
    missing = [link for link in local if not (ROOT / link).exists()]
    assert missing == []


def test_lrtui_help_lists_the_commands():
    proc = subprocess.run([sys.executable, "-m", "lrtui", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    usage = proc.stdout.split("\n\n")[0]
    assert "{" + ",".join(COMMANDS) + "}" in usage
    assert usage.startswith("usage: lrtui [-h] [scenario flags]")


def test_the_readme_names_every_preset_optimizer_and_schedule():
    """Its lists of names are whole (they were left behind when presets and the catalogue grew)."""
    from lrtui.optim.registry import OPTIMIZERS, SCHEDULES
    from lrtui.teaching.presets import PRESETS

    named = set(re.findall(r"`([a-z_-]+)(?::[^`]*)?`", README))
    names = [*PRESETS, *(n for cls in (*OPTIMIZERS, *SCHEDULES) for n in cls.TABLE if n != "constant")]
    assert [n for n in names if n not in named] == []
