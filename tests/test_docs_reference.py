"""The generated reference pages are the code's: regenerated in memory, they equal the committed
docs/reference pages (the command line's flags, the app's keys, the presets)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIX = "python scripts/make_reference.py"


def make_reference():
    spec = importlib.util.spec_from_file_location("make_reference", ROOT / "scripts" / "make_reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_reference", module)
    spec.loader.exec_module(module)
    return module


MAKE = make_reference()


@pytest.mark.parametrize("page", sorted(MAKE.PAGES, key=str), ids=lambda p: p.name)
def test_the_reference_page_is_not_stale(page):
    assert page.exists(), f"{page.relative_to(ROOT)} is missing: run {FIX}"
    assert page.read_text("utf-8") == MAKE.PAGES[page](), f"{page.relative_to(ROOT)} is stale: run {FIX}"


def test_the_cli_reference_names_every_command_and_flag():
    from lrtui.cli import COMMANDS

    page = MAKE.cli_page()
    for command, parser in MAKE.parsers():
        assert f"## `{command}`" in page
        for action in parser._actions:
            for flag in action.option_strings:
                assert f"`{flag}`" in page, f"{command} {flag}"
    assert [c for c, _ in MAKE.parsers()] == ["lrtui", *(f"lrtui {c}" for c in COMMANDS)]


def test_the_keys_reference_lists_what_the_help_screen_lists():
    """Every key with a tooltip on the main screen is on the page, with what it does."""
    from lrtui.app.screens.main import MainScreen

    page = MAKE.keys_page()
    for b in MainScreen.BINDINGS:
        if b.tooltip:
            assert MAKE.cell(b.tooltip) in page, b.key
    assert "| `←` / `→` | one step back / forward |" in page
    assert "| `PgDn` / `n` |" in page  # the lesson's keys
    assert "| `a` / `Enter` | add the η under the cursor to the runs and go back |" in page  # the sweep screen's


def test_a_stale_page_is_named_with_the_command_that_fixes_it(tmp_path, monkeypatch, capsys):
    page = tmp_path / "keys.md"
    page.write_text("an old list of keys\n", "utf-8")
    monkeypatch.setattr(MAKE, "PAGES", {page: MAKE.keys_page})
    monkeypatch.setattr(MAKE, "ROOT", tmp_path)
    assert MAKE.main(["--check"]) == 1
    assert capsys.readouterr().err == f"keys.md is stale: run {FIX}\n"
    assert MAKE.main([]) == 0
    assert MAKE.main(["--check"]) == 0
    assert page.read_text("utf-8") == MAKE.keys_page()


def test_a_table_cell_never_breaks_its_row_nor_reads_as_markup():
    assert MAKE.cell("stop when |f'(x)| < T & more") == "stop when \\|f'(x)\\| &lt; T &amp; more"
    assert MAKE.cell("η_k and x*\n  wrapped") == "η\\_k and x\\* wrapped"
    assert MAKE.code("FILE|NAME") == "`FILE\\|NAME`"
