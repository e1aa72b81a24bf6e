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
    monkeypatch.setattr(serve, "port_taken", lambda host, port: None)  # whoever holds 8000 on this machine


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


# -- a lesson whose functions each take the symbolic worker nearly its limit ---------------------
SLOW_WORKER = """
import json, sys, time
answer = json.loads(sys.argv[1])
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    time.sleep(float(sys.argv[2]))  # each text takes the worker this long
    print(json.dumps({"id": request["id"], "derivation": answer}), flush=True)
"""


def slow_client(seconds: float, **kwargs):
    """A client whose worker answers every text (as (x-2)^2) after ``seconds``."""
    import json
    import sys

    from lrtui.expr import known
    from lrtui.expr.client import Client

    answer = json.dumps(known.answer("(x-2)^2").to_json())
    return Client(command=[sys.executable, "-c", SLOW_WORKER, answer, str(seconds)], known=lambda text: None,
                  **kwargs)


def many_functions(tmp_path, count: int):
    scenes = "".join(f'[[scene]]\ntitle = "s{n}"\nfunction = "x^2 + {n}"\n' for n in range(1, count + 1))
    (tmp_path / "slow.toml").write_text(scenes, encoding="utf-8")


def test_a_lesson_whose_functions_take_too_long_in_all_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    from lrtui.expr import client as client_module
    from lrtui.teaching import lesson

    slow = slow_client(1.0)
    monkeypatch.setattr(client_module, "_CLIENT", slow)
    monkeypatch.setattr(lesson, "PARSE_SECONDS", 2.5)
    monkeypatch.chdir(tmp_path)
    many_functions(tmp_path, 99)
    try:
        assert main(["lesson", "slow.toml"]) == 2
        err = capsys.readouterr().err
        assert err == ("lrtui: slow.toml, scene 3 ('s3'), key function: the lesson's functions take more than "
                       "2.5 s in all to differentiate\n")
        assert slow.requests == 3  # two answered, the third stopped at the budget's end; 96 never asked
        # the refusal is not remembered: with time enough, the same text is answered
        monkeypatch.setattr(lesson, "PARSE_SECONDS", 60.0)
        many_functions(tmp_path, 3)
        assert len(lesson.load_lesson("slow.toml").scenes) == 3 and slow.requests == 4
    finally:
        slow.close()


def test_the_tabs_of_one_serve_share_the_worker_s_answers(tmp_path):
    """What one process's worker answered, another (a tab of the same lrtui serve) reads from the
    shared folder without asking its own worker, which here cannot even start."""
    import sys

    from lrtui.expr.client import Client

    folder = tmp_path / "answers"
    folder.mkdir()
    first = slow_client(0.0, shared=str(folder))
    try:
        first.derivation("x^2 + 7")  # a lesson's text: shared
        first.derivation("x^2 + 8", group="field")  # a keystroke's check: kept to itself
    finally:
        first.close()
    assert len(list(folder.glob("*.json"))) == 1
    tab = Client(command=[sys.executable, "-c", "raise SystemExit(1)"], known=lambda text: None, shared=str(folder))
    try:
        assert tab.derivation("x^2 + 7").expression == "(x - 2)**2"  # the stand-in's answer, from the folder
        assert tab.requests == 0 and tab.spawned == 0
    finally:
        tab.close()


def test_lrtui_serve_differentiates_a_lesson_once_for_every_tab(tmp_path, monkeypatch):
    """The server checks the lesson before it starts, into the folder its tabs are told of."""
    import os

    from lrtui.expr import client as client_module
    from lrtui.expr.client import SHARED_ENV

    slow = slow_client(0.0)
    monkeypatch.setattr(client_module, "_CLIENT", slow)
    monkeypatch.setattr(serve, "port_taken", lambda host, port: None)
    monkeypatch.chdir(tmp_path)
    many_functions(tmp_path, 5)
    seen: dict[str, object] = {}

    class Server:
        def serve(self) -> None:
            folder = os.environ[SHARED_ENV]
            seen.update(folder=folder, answers=len(os.listdir(folder)))

    monkeypatch.setattr(serve, "_server", lambda *args: Server())
    try:
        assert main(["serve", "--lesson", "slow.toml"]) == 0
    finally:
        slow.close()
    assert seen["answers"] == 5 and slow.requests == 5
    assert SHARED_ENV not in os.environ and not os.path.exists(str(seen["folder"]))  # removed when it stops
