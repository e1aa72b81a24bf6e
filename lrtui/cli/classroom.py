"""The server behind ``lrtui serve``: textual-serve's, with the door watched.

textual-serve 1.1.3 (``textual_serve.server.Server``) starts one process per browser tab and
relays the tab's websocket to it. A server bound to 127.0.0.1 is still reachable from any web
page the teacher opens, and each tab is a process on the teacher's machine, so this subclass
overrides its public handlers and hooks:

- **Who may come in** (:mod:`lrtui.cli.door`): a page, a websocket or a download whose ``Host``
  is not this server or whose ``Origin`` is another site's is refused with 403.
- **What a tab may ask** (:mod:`lrtui.cli.frames`): a frame that is not one of the browser's
  five kinds is ignored and logged in one line (at most ``LOG_BURST`` lines every
  ``LOG_WINDOW`` seconds, then a count of those left out); a resize is clamped to 500×200
  cells and a malformed one is ignored.
- **How much a tab may take**: at most ``max_sessions`` tabs at once (the next is told so in
  its terminal and closed); each tab's process gets ``SESSION_MEMORY`` bytes of address space
  (``ulimit -v`` in the shell textual-serve starts it with: beyond, MemoryError in that tab
  only).
- **What the teacher's terminal shows**: one plain line per event, never a traceback with
  local variables (textual-serve's Rich handler shows those), control characters made visible.
  A tab's own stderr (Textual prints a bug's traceback there) goes to the error log of whoever
  runs the server, where the tab's bugs are recorded too, each marked with the tab's number
  (``LRTUI_TAB``); when a tab that met one ends, one line says so and names the log.

Only textual-serve's public names are used: ``Server`` and its ``handle_*`` / ``on_startup`` /
``initialize_logging`` methods, ``AppService`` and its ``start`` / ``stop`` / ``send_bytes`` /
``set_terminal_size`` / ``blur`` / ``focus`` (tests/test_serve_attacks.py pins them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from ..app.error_log import TAB_ENV, shown
from ..errors import visible
from .door import Door
from .frames import Junk, clamp_size, excerpt, read_frame

SESSION_MEMORY = 1 << 30  # each tab's process: its address space, in bytes
DEFAULT_SESSIONS = 32
LOG_BURST, LOG_WINDOW = 5, 10.0  # at most LOG_BURST lines about junk frames every LOG_WINDOW seconds
SHUTDOWN_SECONDS = 10.0  # for the tabs' processes to end when the server stops
FULL = ("\r\n  lrtui serve: all {n} places are taken (at most {n} browser tabs at once).\r\n"
        "  Close another tab, or try again in a while.\r\n")
log = logging.getLogger("lrtui.serve")


# -- one line each, not too many ----------------------------------------------------------------
@dataclass
class Hush:
    """At most ``burst`` lines every ``window`` seconds; the next line allowed says how many were left out."""

    burst: int = LOG_BURST
    window: float = LOG_WINDOW
    clock: Callable[[], float] = time.monotonic
    said: list[float] = field(default_factory=list)
    left_out: int = 0

    def say(self, line: str) -> None:
        now = self.clock()
        self.said = [t for t in self.said if now - t < self.window]
        if len(self.said) >= self.burst:
            self.left_out += 1
            return
        if self.left_out:
            line += f" ({self.left_out} more like it left out)"
            self.left_out = 0
        self.said.append(now)
        log.warning(line)


class OneLine(logging.Formatter):
    """``lrtui serve: <message>`` on one line, control characters visible; an exception is named, never traced."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message += f" ({type(error).__name__}: {error})"
        return visible(f"lrtui serve: {message}".replace("\n", " "))


# -- the server ---------------------------------------------------------------------------------
def session_command(argv: list[str], tab: int, errors: Path | None, ended: Path,
                    memory: int = SESSION_MEMORY) -> str:
    """The shell command textual-serve starts a tab with: its address space limited, its number
    in its environment, its stderr appended to the error log (or dropped), then lrtui's session;
    once the session has ended, the shell writes its exit status into the file ``ended``."""
    stderr = f"2>>{shlex.quote(str(errors))}" if errors is not None else "2>/dev/null"
    return (f"ulimit -v {memory // 1024} && {TAB_ENV}={tab} && export {TAB_ENV} && "
            f"{{ {shlex.join(argv)} {stderr}; echo $? >{shlex.quote(str(ended))}; }}")


def bugs_of(tab: int, errors: Path | None, since: int) -> int:
    """How many bugs the error log recorded for ``tab`` after its first ``since`` bytes (the whole
    log, if it started over meanwhile)."""
    if errors is None:
        return 0
    try:
        with open(errors, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(since if since <= size else 0)
            text = fh.read(4_000_000).decode("utf-8", "replace")
    except OSError:
        return 0
    return text.count(f" · tab {tab} · ")


def log_size(errors: Path | None) -> int:
    try:
        return errors.stat().st_size if errors is not None else 0
    except OSError:
        return 0


class ClassroomServer(Server):
    """textual-serve's server with the door watched (see the module's notes)."""

    def __init__(self, argv: list[str], host: str, port: int, public_url: str | None = None,
                 max_sessions: int = DEFAULT_SESSIONS, errors: Path | None = None) -> None:
        """``argv``: each tab's program; ``errors``: the error log its bugs and stderr go to."""
        super().__init__(shlex.join(argv), host=host, port=port, title="lrtui", public_url=public_url)
        self.argv, self.errors = argv, errors
        self.follow_browser = public_url is None  # the page's links use the address the browser used
        self.door = Door.of(host, port, public_url)
        self.max_sessions = max_sessions
        self.sessions = 0
        self.hush = Hush()
        self._tabs = 0
        self._open: dict[int, web.WebSocketResponse] = {}  # the tabs being served, by number
        self._ended = Path(tempfile.gettempdir())  # each tab's exit status, once it ended: made at the start

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(OneLine())
        for name in ("textual-serve", "lrtui.serve", "aiohttp.access", "aiohttp.server", "aiohttp.web",
                     "asyncio"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.propagate = False
            logger.setLevel(logging.WARNING)
        sys.unraisablehook = _one_line  # a tab's process still ending as the server stops: one line

    async def on_startup(self, app: web.Application) -> None:
        """No banner of textual-serve's (``lrtui serve`` says in its own lines what it serves, and where)."""
        self._ended = Path(tempfile.mkdtemp(prefix="lrtui-serve-tabs-"))  # this user's only (0700)

    async def on_shutdown(self, app: web.Application) -> None:
        """ctrl+c: every tab is closed and its process ended before the server's loop closes
        (a process outliving the loop ends in a traceback on the teacher's terminal)."""
        for websocket in list(self._open.values()):
            await websocket.close(code=1001, message=b"the server stops")
        deadline = time.monotonic() + SHUTDOWN_SECONDS
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        shutil.rmtree(self._ended, ignore_errors=True)

    async def _ended_with(self, tab: int) -> str | None:
        """The tab's exit status, once its process has ended (None if it has not within
        ``SHUTDOWN_SECONDS``): textual-serve stops reading a tab before its process exits."""
        path = self._ended / str(tab)
        deadline = time.monotonic() + SHUTDOWN_SECONDS
        while time.monotonic() < deadline:
            try:
                status = path.read_text(encoding="ascii").strip()
            except (OSError, ValueError):
                status = ""
            if status:
                path.unlink(missing_ok=True)
                return status
            await asyncio.sleep(0.05)
        return None

    def _check(self, request: web.Request) -> None:
        why = self.door.refusal(request.headers.get("Host"), request.headers.get("Origin"))
        if why is not None:
            self.hush.say(f"refused {request.method} {excerpt(request.path)}: {why}")
            raise web.HTTPForbidden(text=f"lrtui serve: {why}\n")

    async def handle_index(self, request: web.Request) -> Any:
        self._check(request)
        if self.follow_browser:
            self.public_url = f"{request.scheme}://{request.host}"  # no await before the page reads it
        return await super().handle_index(request)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        self._check(request)
        return await super().handle_download(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        self._check(request)
        self._tabs += 1
        tab = self._tabs
        if self.sessions >= self.max_sessions:
            return await self._turn_away(request, tab)
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        websocket = web.WebSocketResponse(heartbeat=15)
        app_service: AppService | None = None
        self.sessions += 1
        since = log_size(self.errors)
        self._open[tab] = websocket
        try:
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            async def write_bytes(data: bytes) -> None:
                await _send(websocket.send_bytes, websocket, data)

            async def write_str(data: str) -> None:
                await _send(websocket.send_str, websocket, data)

            command = session_command(self.argv, tab, self.errors, self._ended / str(tab))
            app_service = AppService(command, write_bytes=write_bytes, write_str=write_str,
                                     close=close, download_manager=self.download_manager, debug=self.debug)
            await app_service.start(width, height)
            await self._relay(websocket, app_service, tab)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one line on the teacher's terminal, the server goes on
            self.hush.say(f"tab {tab}: {type(error).__name__}: {error}")
        finally:
            status = None
            if app_service is not None:
                await app_service.stop()
                status = await self._ended_with(tab)
            self._open.pop(tab, None)
            self.sessions -= 1
            if bugs_of(tab, self.errors, since):
                log.warning(f"tab {tab} met an unexpected error (a bug): its traceback is in {_shown(self.errors)}")
            elif status not in (None, "0"):
                where = f"what it said is in {_shown(self.errors)}" if self.errors is not None else "it said nothing"
                log.warning(f"tab {tab} ended with exit status {status}: {where}")
        return websocket

    async def _turn_away(self, request: web.Request, tab: int) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_bytes(FULL.format(n=self.max_sessions).encode("utf-8"))
        await websocket.close(code=1013, message=b"all places taken")  # 1013: try again later
        self.hush.say(f"tab {tab} turned away: all {self.max_sessions} places are taken")
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, app_service: AppService, tab: int) -> None:
        """The browser's frames to the tab's process, each checked (see :func:`read_frame`)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = read_frame(message.data)
            except Junk as junk:
                self.hush.say(f"tab {tab}: ignored a frame: {junk}: {excerpt(message.data)}")
                continue
            if kind == "stdin":
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize":
                await app_service.set_terminal_size(*data)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            else:
                await app_service.focus()


async def _send(send: Callable[[Any], Awaitable[None]], websocket: web.WebSocketResponse, data: Any) -> None:
    """A tab's output to its browser while the websocket is open, and dropped once it has closed.

    textual-serve stops reading a tab's output at the first send that fails on a closed websocket;
    the tab's next frame then fills its pipe and the process, blocked writing it, never sees the
    quit that follows (a tab redrawing at 500×200 when its browser left hung for good). Dropping
    the frame keeps the pipe read until the process has ended.
    """
    if websocket.closed:
        return
    with contextlib.suppress(ConnectionResetError):
        await send(data)


def _one_line(unraisable: Any) -> None:
    """What Python would print as "Exception ignored in …" with a traceback, said in one line."""
    error = unraisable.exc_value
    what = f"{type(error).__name__}: {error}" if error is not None else "an error"
    with contextlib.suppress(Exception):
        print(visible(f"lrtui serve: ignored while stopping: {what}").replace("\n", " "), file=sys.stderr, flush=True)


def _shown(path: Path | None) -> str:
    return shown(path) if path is not None else "no log"
