"""lrtui serve under attack: what a hostile web page, a hostile tab and a busy port can do.

- A web page on another site opens ``ws://127.0.0.1:PORT/ws`` (a browser sends its Origin), or
  points its own name at 127.0.0.1 (DNS rebinding: its Host): 403, no process started.
- A tab asks for a 20000×10000 terminal, or sends a resize that is not one, or junk frames:
  the terminal is clamped to 500×200, the rest is ignored with one line each (rate-limited) on
  the teacher's terminal, and the tab and the server go on.
- Each tab's process has 1 GiB of address space; beyond ``--max-sessions`` tabs the next is
  told politely to come back later.
- A tab that meets a bug keeps its traceback in the teacher's error log, and the server says where.

Most tests talk to :class:`~lrtui.cli.classroom.ClassroomServer` serving a stand-in for lrtui's
session: a few lines of Python speaking textual-serve's protocol that report what they were
given (their terminal's size, their memory limit) and echo every packet the server sends them.
A few run the real ``lrtui serve``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import aiohttp
import pytest

from lrtui.cli.classroom import SESSION_MEMORY, ClassroomServer, Hush, OneLine
from lrtui.cli.door import Door
from lrtui.cli.frames import MAX_SIZE, Junk, read_frame

STAND_IN = textwrap.dedent("""\
    import json, os, resource, sys
    out, inp = sys.stdout.buffer, sys.stdin.buffer
    def send(value):
        data = json.dumps(value).encode()
        out.write(b"D" + len(data).to_bytes(4, "big") + data)
        out.flush()
    out.write(b"__GANGLION__\\n")
    out.flush()
    send({"size": [int(os.environ["COLUMNS"]), int(os.environ["ROWS"])],
          "memory": resource.getrlimit(resource.RLIMIT_AS)[0], "tab": os.environ["LRTUI_TAB"]})
    while True:
        head = inp.read(5)
        if len(head) < 5:
            break
        payload = inp.read(int.from_bytes(head[1:], "big"))
        if head[:1] == b"M":
            meta = json.loads(payload)
            if meta.get("type") == "quit":
                break
            send({"meta": meta})
        else:
            send({"stdin": payload.decode()})
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_page(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start: {process.communicate()}") from None
            time.sleep(0.1)


class Served:
    """A server in a process of its own, its stdout and stderr in files; ``stop()`` gives them."""

    def __init__(self, argv: list[str], port: int, env: dict[str, str] | None = None, cwd: Path | None = None):
        self.port = port
        self.said_all: tuple[str, str] | None = None
        folder = Path(tempfile.mkdtemp(prefix="lrtui-served-"))
        self.out, self.err = folder / "out", folder / "err"
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.process = subprocess.Popen(argv, stdout=out, stderr=err, text=True,
                                            env={**os.environ, **(env or {})}, cwd=cwd)
        wait_for_page(port, self.process)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def said(self, line: str, seconds: float = 60) -> None:
        """Wait until the server has said ``line`` on stderr (a tab ends a moment after its websocket)."""
        deadline = time.monotonic() + seconds
        while line not in self.err.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, (line, self.err.read_text(encoding="utf-8"))
            time.sleep(0.05)

    def stop(self) -> tuple[str, str]:
        """Stop it (ctrl+c) and give what it said; a second call gives the same."""
        if self.said_all is None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)
            self.said_all = self.out.read_text(encoding="utf-8"), self.err.read_text(encoding="utf-8")
            shutil.rmtree(self.out.parent, ignore_errors=True)
        return self.said_all


@pytest.fixture
def stand_in_server(tmp_path):
    """A ClassroomServer whose tabs run the stand-in, at most 2 at once, its log in tmp_path."""
    port = free_port()
    code = ("import sys; from pathlib import Path; from lrtui.cli.classroom import ClassroomServer;"
            f"ClassroomServer([sys.executable, '-c', {STAND_IN!r}], '127.0.0.1', {port}, max_sessions=2,"
            f" errors=Path({str(tmp_path / 'errors.log')!r})).serve()")
    served = Served([sys.executable, "-c", code], port)
    yield served
    served.stop()


async def messages(ws: aiohttp.ClientWebSocketResponse, count: int, seconds: float = 30) -> list[object]:
    """The next ``count`` messages: the stand-in's reports (binary JSON), pongs (text JSON)."""
    out: list[object] = []
    while len(out) < count:
        message = await asyncio.wait_for(ws.receive(), seconds)
        if message.type == aiohttp.WSMsgType.BINARY:
            out.append(json.loads(message.data))
        elif message.type == aiohttp.WSMsgType.TEXT:
            out.append(json.loads(message.data))
        else:
            out.append(message.type)
            break
    return out


def run(coroutine):
    return asyncio.run(coroutine)


# -- the door -----------------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},  # a page on another site
    {"Origin": "null"},  # a sandboxed frame
    {"Origin": "http://127.0.0.1:1"},  # this machine, another port: another site
    {"Host": "evil.example:{port}"},  # DNS rebinding: the site's own name pointed at 127.0.0.1
    {"Host": "evil.example:{port}", "Origin": "http://evil.example:{port}"},
    {"Host": "evil.localhost:{port}", "Origin": "http://evil.localhost:{port}"},
])
def test_a_websocket_from_another_site_is_refused_with_403(stand_in_server, headers):
    port = stand_in_server.port
    headers = {k: v.format(port=port) for k, v in headers.items()}

    async def attack() -> int:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(f"{stand_in_server.url}/ws", headers=headers)
            async with session.get(f"{stand_in_server.url}/", headers=headers) as page:
                assert page.status == 403
            return refused.value.status

    assert run(attack()) == 403
    _, err = stand_in_server.stop()
    assert "refused GET '/ws'" in err and "Traceback" not in err


@pytest.mark.parametrize("headers", [
    {},  # not a browser (no Origin)
    {"Origin": "http://127.0.0.1:{port}"},  # the page this server served
    {"Host": "localhost:{port}", "Origin": "http://localhost:{port}"},
])
def test_the_server_s_own_page_gets_its_tab(stand_in_server, headers):
    port = stand_in_server.port
    headers = {k: v.format(port=port) for k, v in headers.items()}

    async def visit() -> list[object]:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{stand_in_server.url}/", headers=headers) as page:
                assert page.status == 200
            async with session.ws_connect(f"{stand_in_server.url}/ws", headers=headers) as ws:
                return await messages(ws, 1)

    (report,) = run(visit())
    assert report["size"] == [80, 24]


def test_the_door_knows_this_server_and_no_one_else():
    door = Door.of("127.0.0.1", 8000, None)
    assert door.refusal("127.0.0.1:8000", "http://127.0.0.1:8000") is None
    assert door.refusal("[::1]:8000", "http://[::1]:8000") is None
    assert door.refusal("localhost:8000", None) is None
    assert door.refusal("127.0.0.1:8000", "http://evil.example") == "the Origin 'http://evil.example' is another site"
    assert door.refusal("evil.example:8000", None) == "the Host 'evil.example:8000' is not this server"
    assert door.refusal("127.0.0.1:9000", None) == "the Host '127.0.0.1:9000' is not this server"
    assert door.refusal(None, None) == "the Host '' is not this server"
    proxied = Door.of("127.0.0.1", 8000, "https://class.example")
    assert proxied.refusal("class.example", "https://class.example") is None
    assert proxied.refusal("class.example", "https://evil.example") is not None
    everywhere = Door.of("0.0.0.0", 8000, None)  # students type the machine's address or its name
    assert everywhere.refusal("192.168.1.20:8000", "http://192.168.1.20:8000") is None
    assert everywhere.refusal(f"{socket.gethostname().lower()}:8000", None) is None
    assert everywhere.refusal("evil.example:8000", "http://evil.example:8000") is not None


# -- what a tab may ask -------------------------------------------------------------------------
def test_a_huge_resize_reaches_the_tab_clamped(stand_in_server):
    async def attack() -> list[object]:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{stand_in_server.url}/ws?width=99999&height=-5") as ws:
                first = await messages(ws, 1)
                await ws.send_str(json.dumps(["resize", {"width": 20000, "height": 10000}]))
                return first + await messages(ws, 1)

    report, resized = run(attack())
    assert report["size"] == [500, 1] and report["memory"] == SESSION_MEMORY == 1 << 30  # 1 GiB each
    assert resized == {"meta": {"type": "resize", "width": 500, "height": 200}} and MAX_SIZE == (500, 200)


JUNK = ["not json", "[]", '["stdin", 5]', '{"a": 1}', '["nope", 1]', '["ping", {"x": 1}]', "[" * 100_000,
        '["resize", {"width": "a"}]', '["resize", {"width": -5, "height": 3}]', '["resize", {"width": 0, "height": 3}]',
        '["resize", {"width": 80}]', '["resize", {"width": true, "height": 3}]', '["resize", {"width": 2.5, "height": 3}]',
        '["resize", [80, 24]]', '["resize"]']


def test_junk_frames_and_malformed_resizes_are_ignored_and_the_tab_goes_on(stand_in_server):
    async def attack() -> list[object]:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{stand_in_server.url}/ws") as ws:
                await messages(ws, 1)
                for frame in JUNK:
                    await ws.send_str(frame)
                await ws.send_str(json.dumps(["ping", "after"]))
                await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
                await ws.send_str(json.dumps(["stdin", "q"]))
                return await messages(ws, 3)

    assert run(attack()) == [["pong", "after"], {"meta": {"type": "resize", "width": 100, "height": 30}},
                             {"stdin": "q"}]  # nothing of the junk reached the tab, in order
    _, err = stand_in_server.stop()
    lines = err.splitlines()
    assert lines[0] == "lrtui serve: tab 1: ignored a frame: not JSON: 'not json'"
    assert lines[1] == "lrtui serve: tab 1: ignored a frame: not a [kind, data] list: '[]'"
    assert len(lines) == 5 and all(line.startswith("lrtui serve: tab 1: ignored a frame: ") for line in lines)
    assert "Traceback" not in err and "locals" not in err


def test_junk_is_logged_one_line_each_a_few_at_a_time():
    now = [0.0]
    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("lrtui.serve")
    logger.addHandler(handler)
    try:
        hush = Hush(burst=3, window=10.0, clock=lambda: now[0])
        for i in range(10):
            hush.say(f"junk {i}")
        now[0] = 11.0
        hush.say("junk 10")
    finally:
        logger.removeHandler(handler)
    assert said == ["junk 0", "junk 1", "junk 2", "junk 10 (7 more like it left out)"]


def test_the_server_s_log_lines_are_one_line_without_a_traceback():
    try:
        raise ValueError("a\nb\x1b]0;x\x07")
    except ValueError:
        record = logging.LogRecord("textual-serve", logging.ERROR, __file__, 1, "tab failed", None, sys.exc_info())
    assert OneLine().format(record) == "lrtui serve: tab failed (ValueError: a b\\x1b]0;x\\x07)"


def test_read_frame_takes_exactly_what_a_browser_sends():
    assert read_frame('["stdin", "q"]') == ("stdin", "q")
    assert read_frame('["resize", {"width": 120, "height": 40}]') == ("resize", (120, 40))
    assert read_frame('["resize", {"width": 501, "height": 201}]') == ("resize", (500, 200))
    assert read_frame('["ping", "1700000000"]') == ("ping", "1700000000")
    assert read_frame('["blur"]') == ("blur", None)
    for frame in JUNK:
        with pytest.raises(Junk):
            read_frame(frame)


# -- how many -----------------------------------------------------------------------------------
def test_a_tab_beyond_max_sessions_is_turned_away_politely(stand_in_server):
    async def crowd() -> tuple[str, int | None, list[object]]:
        async with aiohttp.ClientSession() as session:
            one = await session.ws_connect(f"{stand_in_server.url}/ws")
            two = await session.ws_connect(f"{stand_in_server.url}/ws")
            await messages(one, 1)
            await messages(two, 1)
            three = await session.ws_connect(f"{stand_in_server.url}/ws")
            told = await asyncio.wait_for(three.receive(), 30)
            closed = await asyncio.wait_for(three.receive(), 30)
            assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            await one.close()
            while True:  # a place is free again once the first tab's process has ended
                four = await session.ws_connect(f"{stand_in_server.url}/ws")
                first = await asyncio.wait_for(four.receive(), 30)
                if first.data.startswith(b"{"):  # the stand-in's report: served
                    again = [json.loads(first.data)]
                    break
                assert b"places are taken" in first.data
                await four.close()
            await two.close()
            await four.close()
            return told.data.decode(), three.close_code, again

    told, code, again = run(crowd())
    assert "all 2 places are taken" in told and "try again in a while" in told and code == 1013
    assert again[0]["size"] == [80, 24]
    _, err = stand_in_server.stop()
    assert "lrtui serve: tab 3 turned away: all 2 places are taken\n" in err


def test_textual_serve_s_public_names_are_those_the_classroom_uses():
    """The classroom server overrides and calls these: a textual-serve that changes them fails here."""
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    for name in ("handle_index", "handle_websocket", "handle_download", "on_startup", "initialize_logging", "serve"):
        assert callable(getattr(Server, name))
    parameters = inspect.signature(AppService).parameters
    assert list(parameters)[:1] == ["command"]
    assert {"write_bytes", "write_str", "close", "download_manager", "debug"} <= set(parameters)
    for name in ("start", "stop", "send_bytes", "set_terminal_size", "blur", "focus"):
        assert inspect.iscoroutinefunction(getattr(AppService, name))
    assert issubclass(ClassroomServer, Server)


# -- the real lrtui serve -----------------------------------------------------------------------
LRTUI = [sys.executable, "-c", "from lrtui.cli import entry; entry()"]


def session_pids(server_pid: int) -> list[int]:
    """The lrtui sessions started under the server (its descendants running lrtui.cli.session)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue

    def under(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == server_pid:
                return True
        return False

    out = []
    for pid in parents:
        try:
            command = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"lrtui.cli.session" in command and under(pid):
            out.append(pid)
    return out


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="reads /proc")
def test_the_real_server_refuses_other_sites_and_bounds_a_tab(tmp_path):
    port = free_port()
    served = Served([*LRTUI, "serve", "--port", str(port), "--preset", "wiggly"], port,
                    env={"XDG_STATE_HOME": str(tmp_path / "state")}, cwd=tmp_path)

    async def visit() -> tuple[int, int]:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(f"{served.url}/ws", headers={"Origin": "http://evil.example"})
            assert session_pids(served.process.pid) == []  # refused before any process started
            async with session.ws_connect(f"{served.url}/ws?width=100&height=30",
                                          headers={"Origin": served.url}) as ws:
                got = 0
                while got < 1000:  # the app draws its first screen
                    message = await asyncio.wait_for(ws.receive(), 60)
                    got += len(message.data) if message.type == aiohttp.WSMsgType.BINARY else 0
                await ws.send_str(json.dumps(["resize", {"width": 20000, "height": 10000}]))
                await ws.send_str('["resize", {"width": "a"}]')  # crashed the tab before
                await ws.send_str(json.dumps(["ping", "alive"]))
                while True:
                    message = await asyncio.wait_for(ws.receive(), 60)
                    if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data) == ["pong", "alive"]:
                        break
                    assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                (pid,) = session_pids(served.process.pid)
                limits = (Path("/proc") / str(pid) / "limits").read_text()
                rows = 0
                deadline = time.monotonic() + 60
                while rows < 200 and time.monotonic() < deadline:  # the app redraws at its new size
                    message = await asyncio.wait_for(ws.receive(), 60)
                    if message.type == aiohttp.WSMsgType.BINARY:
                        rows = max([rows, *(int(r) for r in re.findall(rb"\x1b\[(\d+);1H", message.data))])
                assert re.search(r"Max address space\s+1073741824\s+1073741824", limits)
                return refused.value.status, rows

    try:
        status, rows = run(visit())
        deadline = time.monotonic() + 60
        while session_pids(served.process.pid):  # the tab's process ends once its websocket closed
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        out, err = served.stop()
    assert status == 403 and rows == 200  # the tab drew 200 rows, not 10,000
    assert "refused GET '/ws': the Origin 'http://evil.example' is another site" in err
    assert "Traceback" not in err + out, err


def test_a_taken_port_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        proc = subprocess.run([*LRTUI, "serve", "--port", str(port)], capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f"lrtui serve: cannot listen on 127.0.0.1:{port}: another program listens there; "
                           "choose another --port\n")


CRASH = textwrap.dedent("""\
    import sys
    if "lrtui.cli.session" in getattr(sys, "orig_argv", ()):  # only in the tab's process
        import lrtui.app.app as _app

        def _planted(self, *args, **kwargs):
            raise RuntimeError("a planted bug")

        _app.LrtuiApp.on_mount = _planted
""")


def test_a_crashed_tab_keeps_its_traceback_where_the_teacher_reads_it(tmp_path):
    (tmp_path / "plant").mkdir()
    (tmp_path / "plant" / "sitecustomize.py").write_text(CRASH, encoding="utf-8")
    state = tmp_path / "state"
    port = free_port()
    served = Served([*LRTUI, "serve", "--port", str(port), "--preset", "wiggly"], port, cwd=tmp_path,
                    env={"XDG_STATE_HOME": str(state), "PYTHONPATH": str(tmp_path / "plant")})

    async def visit() -> None:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{served.url}/ws") as ws:
                async for _ in ws:  # until the tab ends
                    pass

    log = state / "lrtui" / "errors.log"
    try:
        run(visit())
        served.said(f"lrtui serve: tab 1 met an unexpected error (a bug): its traceback is in {log}\n")
    finally:
        out, err = served.stop()
    assert f"a tab's unexpected errors go to {log}" in out
    assert f"lrtui serve: tab 1 met an unexpected error (a bug): its traceback is in {log}\n" in err
    text = log.read_text(encoding="utf-8")
    assert " · tab 1 · running the app\n" in text and "RuntimeError: a planted bug" in text
    assert "Traceback" not in out + err  # the teacher's terminal: one line
    assert not list(tmp_path.glob("lrtui-session-*"))


def test_a_tab_s_process_still_ending_as_the_server_stops_is_one_line(capsys, monkeypatch):
    """Python's "Exception ignored in …" and its traceback (a subprocess transport collected after
    the loop closed) become one line on the teacher's terminal."""
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)  # put back after the test
    for name in ("textual-serve", "lrtui.serve", "aiohttp.access", "aiohttp.server", "aiohttp.web", "asyncio"):
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "handlers", list(logger.handlers))
        monkeypatch.setattr(logger, "propagate", logger.propagate)
        monkeypatch.setattr(logger, "level", logger.level)
    ClassroomServer([sys.executable, "-c", "pass"], "127.0.0.1", free_port()).initialize_logging()

    class Transport:
        def __del__(self):
            raise RuntimeError("Event loop is closed")

    Transport()
    err = capsys.readouterr().err
    assert err == "lrtui serve: ignored while stopping: RuntimeError: Event loop is closed\n"
