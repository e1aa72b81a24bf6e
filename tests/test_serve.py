"""lrtui serve: a classroom in the browser (textual-serve); each tab's session writes only into its own folder."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lrtui.cli import main, serve

LRTUI = [sys.executable, "-c", "from lrtui.cli import entry; entry()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, deadline: float) -> str:
    """The page at url, asked again until the server answers (it takes a moment to start), or the deadline."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_lrtui_serve_answers_a_get_with_its_page(tmp_path):
    port = free_port()
    process = subprocess.Popen([*LRTUI, "serve", "--port", str(port), "--preset", "wiggly"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = get(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
    finally:
        os.kill(process.pid, signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert "<div>lrtui</div>" in page and "textual.js" in page  # the page names the app, and runs the terminal
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page  # where each tab connects
    assert "lrtui serve: each browser tab gets its own lrtui --preset=wiggly\n" in out  # what each tab runs
    assert "anyone who can reach it" not in err  # 127.0.0.1: no warning


def test_the_page_links_follow_the_address_the_browser_used(tmp_path):
    """On 0.0.0.0 the students type the machine's name or address: the page's links must use it."""
    port = free_port()
    process = subprocess.Popen([*LRTUI, "serve", "--host", "127.0.0.2", "--port", str(port)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = get(f"http://127.0.0.2:{port}/", time.monotonic() + 60)
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)
    assert f"ws://127.0.0.2:{port}/ws" in page and "0.0.0.0" not in page


class FakeServer:
    served: list[tuple[list[str], str, int]] = []

    def __init__(self, argv: list[str], host: str, port: int) -> None:
        self.args = (argv, host, port)

    def serve(self) -> None:
        FakeServer.served.append(self.args)


@pytest.fixture
def fake_server(monkeypatch):
    FakeServer.served = []
    monkeypatch.setattr(serve, "_server", lambda argv, host, port, url, sessions, errors: FakeServer(argv, host, port))
    monkeypatch.setattr(serve, "port_taken", lambda host, port: None)  # whoever holds it on this machine
    return FakeServer.served


def test_another_address_than_this_machine_prints_a_one_line_warning(fake_server, capsys):
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert err == ("lrtui serve: listening on 0.0.0.0:8123: anyone who can reach it gets an lrtui session "
                   "(the app only: no shell, no files of this machine)\n")
    assert fake_server[0][1:] == ("0.0.0.0", 8123)
    assert main(["serve", "--host", "localhost"]) == 0 and main(["serve", "--host", "::1"]) == 0
    assert capsys.readouterr().err == ""


def test_each_tab_runs_the_checked_flags_with_paths_made_absolute(fake_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.toml").write_text("[[scene]]\ntitle = 'A'\n[[scene]]\ntitle = 'B'\n", encoding="utf-8")
    (tmp_path / "pts.csv").write_text("x,y\n0,1\n1,2\n", encoding="utf-8")
    assert main(["serve", "--lesson", "mine.toml", "--scene", "2", "--theme", "lrtui-light"]) == 0
    assert main(["serve", "--lesson", "learning-rate"]) == 0
    assert main(["serve", "--model", "linreg", "--data", "pts.csv", "--lr", "0.1", "--optimizer", "sgd",
                 "--optimizer", "adam"]) == 0
    commands = [argv[4:] for argv, _, _ in fake_server]
    assert commands[0] == ["lesson", str(tmp_path / "mine.toml"), "--scene", "2", "--theme=lrtui-light"]
    assert commands[1] == ["lesson", "learning-rate"]
    assert commands[2] == ["--lr=0.1", "--optimizer=sgd", "--optimizer=adam", "--model=linreg",
                           f"--data={tmp_path / 'pts.csv'}"]
    assert all(argv[:4] == [sys.executable, "-B", "-m", "lrtui.cli.session"] for argv, _, _ in fake_server)


@pytest.mark.parametrize("argv, message", [
    (["serve", "--lr", "-1"], "lrtui: η #1: a learning rate must be > 0, got -1\n"),
    (["serve", "--port", "70000"], "lrtui: --port: must be from 1 to 65,535, got 70,000\n"),
    (["serve", "--lesson", "learning-rate", "--lr", "0.1"],
     "lrtui: --lr does not apply with --lesson: the lesson's scenes set their own\n"),
    (["serve", "--scene", "2"], "lrtui: --scene goes with --lesson\n"),
    (["serve", "--public-url", "class.example"], "lrtui: --public-url: 'class.example' must start with http://"),
    (["serve", "--lesson", "nope.toml"], "lrtui: lesson 'nope.toml': no such file, nor a built-in lesson"),
])
def test_bad_flags_are_one_line_before_any_server(fake_server, capsys, argv, message):
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(message) and fake_server == []


def test_a_session_writes_into_its_own_folder_and_removes_it(monkeypatch, tmp_path):
    from lrtui.cli import session

    seen: dict[str, object] = {}

    def fake_run(argv: list[str], folder: str) -> int:
        seen.update(argv=argv, folder=folder, cwd=os.getcwd(), state=os.environ["XDG_STATE_HOME"],
                    exists=Path(folder).is_dir())
        return 0

    monkeypatch.setattr(session, "run", fake_run)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    start = os.getcwd()
    try:
        assert session.main(["--preset", "wiggly"]) == 0
    finally:
        os.chdir(start)
    folder = str(seen["folder"])
    assert Path(folder).name.startswith("lrtui-session-") and seen["exists"]
    assert seen["cwd"] == os.path.realpath(folder) and seen["state"] == folder  # the error log too
    assert not Path(folder).exists()  # removed when the tab closes
