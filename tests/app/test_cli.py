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
    assert app.main.scenario.function == "x**2 + 10*sin(x)" and app.main.scenario.lrs == (0.2, 0.3)
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
        (["--size", "10x5"], "--size: the app needs at least 60x20"),
        (["--size", "40x10"], "--size: the app needs at least 60x20"),
        (["--size", "59x20"], "--size: the app needs at least 60x20"),
        (["--size", "80x19"], "--size: the app needs at least 60x20"),
        (["--size", "500x40"], "--size: at most 400x200"),
        (["--size", "big"], "is not WIDTHxHEIGHT"),
        (["--step", "-1"], "--step: must be ≥ 0"),
        (["--step", "x"], "not a whole number"),
        (["--output", "a.jpg"], "must end in"),
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


def test_shot_at_the_smallest_size_draws_the_app(tmp_path):
    out = tmp_path / "screen.txt"
    assert shot.main(["--size", "60x20", "-o", str(out)]) == 0
    assert "enlarge the terminal" not in out.read_text() and "step 0 of 20" in out.read_text()


@pytest.mark.parametrize("argv, function, x0", [
    (["run", "--preset", "rosenbrock", "--x0", "-1.5,2"], "(1-x)**2 + 100*(y-x**2)**2", [-1.5, 2.0]),
    (["run", "-f", "-x^2", "--x0", "1"], "-x^2", [1.0]),
    (["run", "--function", "-x^2 + 1", "--x0", "-3"], "-x^2 + 1", [-3.0]),
    (["run", "--x0=-3"], "(x-2)**2", [-3.0]),
])
def test_values_that_start_with_a_dash_are_values(argv, function, x0, capsys):
    import json

    from lrtui.cli import main

    assert main([*argv, "--steps", "1", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["function"] == function and out["runs"][0]["steps"][0]["x"] == (x0 if len(x0) > 1 else x0[0])


@pytest.mark.parametrize("argv, words", [
    (["run", "--lr", "-0.1"], "η #1: a learning rate must be > 0, got -0.1"),
    (["--lr", "-0.1"], "η #1: a learning rate must be > 0, got -0.1"),
    (["run", "--x", "x^2"], "unrecognized arguments: --x x^2; flags are written in full: --x0?"),
    (["run", "--func", "x^2"], "flags are written in full: --function?"),
    (["shot", "--out", "a.svg"], "--output"),
    (["run", "-f", "--lr", "1"], "argument --function/-f: expected one argument"),
    (["run", "--optimizer", "sgd,adam"], "several: repeat --optimizer, or separate them with ';'"),
])
def test_negative_values_and_abbreviations_are_refused_in_one_line(argv, words, capsys, monkeypatch):
    from lrtui.app.app import LrtuiApp
    from lrtui.cli import main

    monkeypatch.setattr(LrtuiApp, "run", lambda self, **kw: pytest.fail("the app must not start"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_shot_never_writes_through_a_symlink(tmp_path, capsys):
    from lrtui.cli import main

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "shot.svg"
    link.symlink_to(victim)
    assert main(["shot", "--output", str(link)]) == 2
    err = capsys.readouterr().err
    assert "is a symlink; lrtui writes only regular files" in err and err.count("\n") == 1
    assert victim.read_text() == "precious"
    folder = tmp_path / "folder.svg"
    folder.mkdir()
    assert main(["shot", "--output", str(folder)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_shot_replaces_a_regular_file_it_was_told_to_write(tmp_path):
    out = tmp_path / "shot.txt"
    out.write_text("old")
    assert shot.main(["--size", "80x24", "-o", str(out)]) == 0
    assert "step 0 of 20" in out.read_text()


def test_a_lesson_is_shown_only_for_the_presets_own_scenario(monkeypatch):
    from lrtui.app.app import LrtuiApp
    from lrtui.teaching.presets import preset

    opened = {}
    monkeypatch.setattr(LrtuiApp, "run", lambda self, **kw: opened.update(app=self))
    assert cli_app.main(["--preset", "trap"]) == 0
    assert opened["app"].main.lesson == (preset("trap").scenario, preset("trap").lesson)
    assert cli_app.main(["--preset", "trap", "--lr", "0.3"]) == 0  # the lesson speaks of 0.01, 0.07, 0.12
    assert opened["app"].main.lesson is None


def test_an_exception_inside_the_app_exits_non_zero_with_its_traceback_logged(monkeypatch, tmp_path, capsys):
    from textual.app import App

    from lrtui.app.app import LrtuiApp
    from lrtui.app.screens.main import MainScreen

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    def broken(self, delta):
        raise RuntimeError("a bug in stepping")

    async def press_right(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.press("right")

    monkeypatch.setattr(MainScreen, "action_step", broken)
    monkeypatch.setattr(LrtuiApp, "run", lambda self, **kw: App.run(self, headless=True, size=(80, 24),
                                                                    auto_pilot=press_right))
    assert cli_app.main([]) == 1
    assert "stopped by an unexpected error" in capsys.readouterr().err
    assert "RuntimeError: a bug in stepping" in (tmp_path / "lrtui" / "errors.log").read_text()
