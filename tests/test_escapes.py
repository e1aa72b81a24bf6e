"""Nobody writes to the user's terminal through lrtui: an escape sequence in any value, path or
file name someone else chose reaches stderr and stdout as letters (``\\x1b``), never as a command.

The attacker's value is OSC 52 (it sets the clipboard) and OSC 0 (the window title). Every flag of
every command is walked with it, every lesson key, a lesson file's own name, data file names, the
deck's and the shot's paths.
"""

from __future__ import annotations

import argparse
import unicodedata

import pytest

from lrtui.cli import app as cli_app
from lrtui.cli import lesson, main, run, serve, shot, sweep
from lrtui.errors import InputError, visible
from lrtui.teaching.keys import KEYS
from lrtui.teaching.lesson import SCENE_KEYS, load_lesson

OSC52 = "a\x1b]52;c;cHduZWQ=\x07b"  # writes "pwned" to the clipboard
OSC0 = "\x1b]0;PWNED\x07"  # sets the window's title
SHOWN = "a\\x1b]52;c;cHduZWQ=\\x07b"  # what the user must read instead


def controls(text: str) -> list[str]:
    """The control characters of text, but the line ends."""
    return [ch for ch in text if ch != "\n" and (unicodedata.category(ch) in ("Cc", "Cf") or not ch.isprintable())]


@pytest.fixture
def nothing_runs(monkeypatch):
    """No app, no server: a flag that is accepted gets this far and no further."""
    def refuse(*args, **kwargs):
        raise AssertionError("reached the app or the server")

    monkeypatch.setattr(cli_app, "run_app", refuse)
    monkeypatch.setattr(serve, "_server", refuse)
    monkeypatch.setattr(serve, "port_taken", lambda host, port: None)  # whoever holds 8000 on this machine


def said(capsys, argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out + err


def test_visible_shows_every_control_character_and_leaves_the_rest():
    assert visible(OSC52) == SHOWN
    assert visible("tab\tnew\nline \u202eRTL \x9b1m \udcff") == "tab\\tnew\\nline \\u202eRTL \\x9b1m \\udcff"
    assert visible("η = 0.01 → ∇f, C:\\path\\x1b") == "η = 0.01 → ∇f, C:\\path\\x1b"  # printable: as it is
    assert visible(visible(OSC52)) == visible(OSC52)


def test_every_input_error_makes_its_message_visible():
    assert str(InputError(f"lesson {OSC0}: no such file")) == "lesson \\x1b]0;PWNED\\x07: no such file"


# -- every flag of every command ----------------------------------------------------------------
PARSERS = {"": cli_app.build_parser, "run": run.build_parser, "shot": shot.build_parser,
           "sweep": sweep.build_parser, "lesson": lesson.build_parser, "serve": serve.build_parser}
NEEDS = {"shot": ["--output", "x.svg"]}  # a required flag, given a good value unless it is the one walked


def flags() -> list[tuple[str, str]]:
    out = []
    for command, build in PARSERS.items():
        for action in build()._actions:
            if action.option_strings and action.nargs is None and not isinstance(action, argparse._HelpAction):
                out.append((command, max(action.option_strings, key=len)))
    return out


@pytest.mark.parametrize("command, flag", flags())
def test_an_escape_in_any_flag_is_shown_as_letters(command, flag, nothing_runs, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = [command] if command else []
    extra = [w for w in NEEDS.get(command, []) if flag not in NEEDS.get(command, [])]
    value = f"{OSC52}/x.svg" if flag == "--output" else OSC52  # in no folder that exists
    code, text = said(capsys, [*argv, *extra, f"{flag}={value}"])
    assert code == 2 and text.startswith("lrtui") and not controls(text)


@pytest.mark.parametrize("argv", [
    ["--nope=" + OSC52],  # argparse's own message quotes the unknown flag
    ["run", OSC52],  # an extra argument
    ["lesson", OSC52],  # a lesson that is no file nor a built-in one
    ["shot", "--lesson", OSC52, "--output", "deck"],
    ["serve", "--lesson", OSC52],
])
def test_an_escape_in_any_word_is_shown_as_letters(argv, nothing_runs, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, text = said(capsys, argv)
    assert code == 2 and not controls(text) and "\\x1b]52" in text


def test_the_data_flag_of_lrtui_run_is_quoted_as_letters(capsys, tmp_path, monkeypatch):
    """The issue's case: ``lrtui run --data $'\\e]52…'``."""
    monkeypatch.chdir(tmp_path)
    code, text = said(capsys, ["run", "--model", "linreg", f"--data={OSC52}"])
    assert (code, text) == (2, f"lrtui: {SHOWN}: no such file\n")


def test_a_data_file_whose_name_has_escapes_is_named_as_letters(capsys, tmp_path):
    """A real file with such a name: it loads, and the model's description names it as letters."""
    data = tmp_path / f"pts{OSC0}.csv"
    data.write_text("x,y\n0,1\n1,3\n2,5\n", encoding="utf-8")
    for fmt in ("table", "summary"):
        code, text = said(capsys, ["run", "--model", "linreg", "--data", str(data), "--steps", "2", "--format", fmt])
        assert code == 0 and not controls(text)
    code, text = said(capsys, ["sweep", "--model", "linreg", "--data", str(data), "--steps", "2", "--points", "3"])
    assert code == 0 and not controls(text) and "pts\\x1b]0;PWNED\\x07.csv" in text


@pytest.mark.parametrize("content", [f"x,{OSC52}\n1,2\n", f"x,y\n1,{OSC52}\n2,3\n", f"x,y\n1,2,{OSC52}\n"])
def test_a_data_file_whose_cells_have_escapes_is_quoted_as_letters(content, capsys, tmp_path):
    data = tmp_path / "pts.csv"
    data.write_text(content, encoding="utf-8")
    code, text = said(capsys, ["run", "--model", "linreg", "--data", str(data)])
    assert code == 2 and not controls(text)


# -- lesson files -------------------------------------------------------------------------------
def toml_text(value: str) -> str:
    return '"' + value.replace("\x1b", "\\u001b").replace("\x07", "\\u0007") + '"'


LESSON_KEYS = sorted({*SCENE_KEYS, *KEYS})


MODEL_KEYS = ("data", "seed", "batch_size", "epochs")


@pytest.mark.parametrize("key", LESSON_KEYS)
def test_an_escape_in_any_lesson_key_is_shown_as_letters(key, capsys, tmp_path):
    """Each key of a scene holding the attacker's text (the issue's case is ``data``), beside keys
    that make the scene otherwise good: one line naming the file, the scene and the key."""
    path = tmp_path / "evil.toml"
    others = {"function": "", "preset": "", "model": "", **{k: 'model = "linreg"\n' for k in MODEL_KEYS}}
    good = others.get(key, 'function = "x^2"\n') + ("" if key == "title" else 'title = "s"\n')
    path.write_text(f'title = "t"\n[[scene]]\n{good}{key} = {toml_text(OSC52 + ".csv")}\n', encoding="utf-8")
    code, text = said(capsys, ["lesson", str(path)])
    assert code == 2 and not controls(text) and text.startswith(f"lrtui: {path}, scene 1") and f"key {key}: " in text


def test_the_data_key_of_a_lesson_is_quoted_as_letters(capsys, tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text(f'[[scene]]\nmodel = "linreg"\ndata = {toml_text(OSC52 + ".csv")}\n', encoding="utf-8")
    code, text = said(capsys, ["lesson", str(path)])
    assert text == f"lrtui: {path}, scene 1 ('scene 1'), key data: {SHOWN}.csv: no such file\n"


@pytest.mark.parametrize("body", [
    f"{toml_text(OSC52)} = 1\n[[scene]]\n",  # an unknown key's name, at the top
    f"[[scene]]\n{toml_text(OSC52)} = 1\n",  # … and in a scene
    f"title = {toml_text(OSC52)}\n[[scene]]\n",  # a title with a control character
    f"[[scene]]\nnote = {toml_text(OSC52)}\n",
    f"[[scene]]\nview = {toml_text(OSC52 * 20)}\n",  # a long one too
])
def test_an_escape_in_a_lesson_s_names_and_words_is_shown_as_letters(body, capsys, tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text(body, encoding="utf-8")
    code, text = said(capsys, ["lesson", str(path)])
    assert code == 2 and not controls(text) and "\\x1b" in text and len(text) < 400


@pytest.mark.parametrize("content", ["x = [", "[[scene]]\nlr = -1\n", "x = " + "[" * 5000 + "]" * 5000])
def test_a_lesson_file_whose_name_has_escapes_is_named_as_letters(content, nothing_runs, capsys, tmp_path, monkeypatch):
    """``lrtui lesson $'ev\\e]0;PWNED\\ail.toml'`` whose TOML is invalid, or whose scene is."""
    monkeypatch.chdir(tmp_path)
    name = f"ev{OSC0}il.toml"
    (tmp_path / name).write_text(content, encoding="utf-8")
    for argv in (["lesson", name], ["shot", "--lesson", name, "--output", "deck"], ["serve", "--lesson", name]):
        code, text = said(capsys, argv)
        assert code == 2 and text.startswith("lrtui: ev\\x1b]0;PWNED\\x07il.toml") and not controls(text)
    with pytest.raises(InputError) as info:
        load_lesson(name)
    assert not controls(str(info.value))  # the app shows the same line


# -- the deck's and the shot's paths ------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["shot", "--lesson", "learning-rate", "--output", f"{OSC52}-none/deck"],  # no such folder
    ["shot", "--lesson", "learning-rate", "--output", f"{OSC52}.svg"],  # a file where the deck's folder goes
    ["shot", "--output", f"{OSC52}-none/x.svg"],
    ["shot", "--output", f"{OSC52}.jpg"],
    ["shot", "--output", OSC52],  # a folder
    ["lesson", "learning-rate", "--screenshot-dir", f"{OSC52}-none"],
    ["--screenshot-dir", f"{OSC52}-none"],
])
def test_an_escape_in_an_output_path_is_shown_as_letters(argv, nothing_runs, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / f"{OSC52}.svg").write_text("a file", encoding="utf-8")
    (tmp_path / OSC52).mkdir()
    code, text = said(capsys, argv)
    assert code == 2 and not controls(text) and "\\x1b]52" in text


def test_serve_says_what_each_tab_runs_as_letters(monkeypatch, capsys, tmp_path):
    """The teacher's own data file, whose name has escapes: the line naming what each tab runs quotes it as letters."""
    data = tmp_path / f"pts{OSC0}.csv"
    data.write_text("x,y\n0,1\n1,3\n2,5\n", encoding="utf-8")
    monkeypatch.setattr(serve, "_server", lambda *args: type("S", (), {"serve": lambda self: None})())
    monkeypatch.setattr(serve, "port_taken", lambda host, port: None)
    code, text = said(capsys, ["serve", "--model", "linreg", "--data", str(data)])
    assert code == 0 and not controls(text) and "pts\\x1b]0;PWNED\\x07.csv" in text


def test_a_host_that_is_no_address_is_refused_as_letters(nothing_runs, capsys):
    code, text = said(capsys, ["serve", "--host", f"10.0.0.1{OSC0}"])
    assert (code, text) == (2, "lrtui: --host: '10.0.0.1\\x1b]0;PWNED\\x07' is not an address or a host name\n")
