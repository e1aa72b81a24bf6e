"""lrtui (the app's flags) and lrtui shot: bad input is one line and exit 2; shots are reproducible."""

import pytest

from lrtui.cli import app as cli_app
from lrtui.cli import png, shot


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--lr", "abc"], "'abc' is not a number"),
        (["--function", "z+1"], "unknown name 'z'"),
        (["--preset", "nosuch"], "unknown preset"),
        (["--bogus"], "unrecognized arguments"),
        (["--screenshot-dir", "/no/such/folder"], "is not a folder"),
        (["--theme", "nosuch"], "unknown theme"),
    ],
)
def test_bad_flags_are_one_line_and_exit_2_before_any_screen(argv, words, capsys, monkeypatch):
    from lrtui.app.app import LrtuiApp
    from lrtui.cli import main

    monkeypatch.setattr(LrtuiApp, "run", lambda self, **kw: pytest.fail("the app must not start"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_good_flags_open_the_app_prefilled(monkeypatch):
    from lrtui.app.app import LrtuiApp

    opened = {}
    monkeypatch.setattr(LrtuiApp, "run", lambda self, **kw: opened.update(app=self))
    assert cli_app.main(["--preset", "wiggly", "--lr", "0.2,0.3", "--theme", "lrtui-light"]) == 0
    app = opened["app"]
    assert app.scenario.function == "x**2 + 10*sin(x)" and app.scenario.lrs == (0.2, 0.3)
    assert app.theme == "lrtui-light"


def test_warnings_and_log_records_go_nowhere_while_the_app_runs(capsys):
    import logging
    import warnings

    with cli_app.quiet():
        warnings.warn("this must not reach the terminal", RuntimeWarning, stacklevel=1)  # the suite makes these errors
        logging.getLogger("some.library").warning("nor this")
    assert capsys.readouterr().err == ""


def test_shot_writes_the_same_svg_for_the_same_flags(tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    flags = ["--preset", "overshoot", "--step", "7", "--size", "100x30"]
    assert shot.main([*flags, "--output", str(a)]) == 0
    assert shot.main([*flags, "--output", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text().startswith("<svg")


def test_shot_writes_the_screen_as_plain_text(tmp_path):
    out = tmp_path / "screen.txt"
    assert shot.main(["--step", "3", "--size", "80x24", "-o", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 24 and "step 3 of 20" in out.read_text()
    assert "\x1b" not in out.read_text()


def test_shot_past_the_last_step_shows_the_last(tmp_path):
    out = tmp_path / "screen.txt"
    assert shot.main(["--step", "999", "-o", str(out)]) == 0
    assert "step 20 of 20" in out.read_text()


@pytest.mark.parametrize(
    "flags, words",
    [
        (["--size", "10x5"], "--size: from"),
        (["--size", "big"], "is not WIDTHxHEIGHT"),
        (["--step", "-1"], "--step: must be ≥ 0"),
        (["--step", "x"], "not a whole number"),
        (["--output", "a.gif"], "must end in"),
        (["--output", "/no/such/folder/a.svg"], "does not exist"),
        (["--lr", "0"], "must be > 0"),
    ],
)
def test_shot_bad_flags_are_one_line_and_exit_2(flags, words, capsys, tmp_path):
    from lrtui.cli import main

    argv = ["shot", "--output", str(tmp_path / "a.svg"), *flags]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not (tmp_path / "a.svg").exists()


def test_png_without_the_extra_says_how_to_get_it(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(png, "available", lambda: False)
    assert shot.main(["--output", str(tmp_path / "a.png")]) == 2
    assert "PNG needs: pip install 'lrtui[png]'" in capsys.readouterr().err


@pytest.mark.skipif(not png.available(), reason="the png extra is not installed")
def test_png_with_the_extra(tmp_path):
    out = tmp_path / "a.png"
    assert shot.main(["--size", "80x24", "--theme", "lrtui-light", "--output", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
