"""Lesson files made to hurt: nested thousands deep, or full of functions that each take the
symbolic worker nearly its limit. Each is refused in one line with exit status 2 by every
command that reads lessons, and in bounded time."""

from __future__ import annotations

import pytest

from lrtui.cli import main, serve


@pytest.fixture
def no_server(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("reached the server")

    monkeypatch.setattr(serve, "_server", refuse)


@pytest.mark.parametrize("nesting", [
    "x = " + "[" * 3000 + "]" * 3000,
    "x = " + "[" * 5000 + "]" * 5000,
    "x = " + "{a = " * 3000 + "1" + "}" * 3000,
    "[[scene]]\nlr = " + "[" * 4000 + "1" + "]" * 4000,
])
@pytest.mark.parametrize("command", [["lesson"], ["shot", "--output", "deck", "--lesson"], ["serve", "--lesson"]])
def test_toml_nested_thousands_deep_is_one_line(nesting, command, no_server, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deep.toml").write_text(nesting, encoding="utf-8")
    assert main([*command, "deep.toml"]) == 2
    out, err = capsys.readouterr()
    assert err == "lrtui: deep.toml: not valid TOML for a lesson: arrays or tables nested too deeply\n"
    assert out == "" and not (tmp_path / "deck").exists()
