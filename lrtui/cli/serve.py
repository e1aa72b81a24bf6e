"""``lrtui serve [--host H] [--port P] [--public-url URL] [--max-sessions N]
[scenario flags | --lesson FILE|NAME [--scene N]]``.

A classroom in the browser, with textual-serve (the ``serve`` extra): every browser tab that
opens the page gets its own lrtui process (``lrtui.cli.session``), started with the flags given
here, which are all checked first (a bad one: one line, exit 2, no server); so is the port (a
port another program holds: one line, exit 2).

- The default host is 127.0.0.1 (this machine only). Any other address prints a one-line
  warning: anyone who can reach it gets an lrtui session (the app only: no shell, no files).
- Whoever reaches the port is still checked (:mod:`lrtui.cli.classroom`): a page or a
  websocket asked for by another site (its Origin) or under another name (its Host) gets 403;
  at most ``--max-sessions`` tabs at once (default 32); each tab's process has 1 GiB of
  address space and a terminal of at most 500×200 cells; frames a browser would not send are
  ignored, one line each on this terminal.
- A session writes only into its own temporary folder, removed when the tab closes: ``s`` and
  ``e`` write there and the file is sent to the browser as a download. Nothing a browser sends
  names a path: the app has no field that does (``--data`` is the teacher's, given here).
  A tab stopped by a bug keeps its traceback in the error log of whoever runs ``lrtui serve``
  (its path is printed at the start and when it happens).
- The tabs share the symbolic worker's answers (``LRTUI_SHARED_ANSWERS``, a folder of this
  server's, removed when it stops): a lesson's functions are differentiated once, here, before
  the server starts, not once per tab.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import os
import shlex
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, visible
from ..numeric import read_whole
from ..teaching.keys import KEYS
from .app import add_look_arguments, check_theme
from .args import Parser, add_scenario_arguments, scenario_from_args
from .output import say

SERVE_HINT = "lrtui serve needs textual-serve: pip install 'lrtui[serve]'"
DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SESSIONS = "127.0.0.1", 8000, 32
MAX_SESSIONS = 1000
WARNING = ("lrtui serve: listening on {where}: anyone who can reach it gets an lrtui session "
           "(the app only: no shell, no files of this machine)")


def build_parser() -> Parser:
    p = Parser(prog="lrtui serve", description="Serve lrtui to web browsers (textual-serve): each browser tab "
               "gets its own lrtui, opened on the scenario or the lesson given here.")
    p.add_argument("--host", metavar="H", default=DEFAULT_HOST,
                   help=f"the address to listen on (default {DEFAULT_HOST}: this machine only; 0.0.0.0: every "
                   "network this machine is on)")
    p.add_argument("--port", metavar="P", default=str(DEFAULT_PORT), help=f"the port (default {DEFAULT_PORT})")
    p.add_argument("--public-url", metavar="URL",
                   help="the address browsers use, when it differs from what they typed (a proxy in front)")
    p.add_argument("--max-sessions", metavar="N", default=str(DEFAULT_SESSIONS),
                   help=f"browser tabs served at once (default {DEFAULT_SESSIONS}); the next is asked to come "
                   "back later")
    p.add_argument("--lesson", metavar="FILE|NAME", help="serve a lesson (a .toml file or a built-in name)")
    p.add_argument("--scene", metavar="N", help="with --lesson: open at scene N (default 1)")
    add_scenario_arguments(p)
    add_look_arguments(p)
    return p


def available() -> bool:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return False
    return True


def is_local(host: str) -> bool:
    """Whether only this machine can reach the address (a loopback address or ``localhost``)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def session_argv(args: argparse.Namespace) -> list[str]:
    """The checked flags, as each session's process takes them (paths made absolute)."""
    if args.lesson is not None:
        given = [key for key in KEYS if getattr(args, key, None) is not None]
        if given:
            flag = f"--{given[0].replace('_', '-')}"
            raise InputError(f"{flag} does not apply with --lesson: the lesson's scenes set their own",
                             field="lesson")
        from ..teaching.lesson import built_in_names, load_lesson
        from .lesson import scene_index

        lesson = load_lesson(args.lesson)
        name = args.lesson.strip()
        ref = name if name in built_in_names() and not Path(name).exists() else str(Path(name).expanduser().resolve())
        argv = ["lesson", ref]
        if args.scene is not None:
            argv += ["--scene", str(scene_index(args.scene, len(lesson.scenes)) + 1)]
    else:
        if args.scene is not None:
            raise InputError("--scene goes with --lesson", field="scene")
        scenario_from_args(args)  # checked here, once, rather than in every tab
        argv = []
        for key in KEYS:
            value = getattr(args, key, None)
            if value is None:
                continue
            flag = f"--{key.replace('_', '-')}"
            if key == "data" and value.strip():
                value = str(Path(value.strip()).expanduser().resolve())
            for one in value if isinstance(value, list) else [value]:
                argv.append(f"{flag}={one}")
    if args.theme is not None:
        argv.append(f"--theme={check_theme(args.theme)}")
    return argv


def check_host(text: str) -> str:
    """An address or a host name, as ``--host`` takes it."""
    host = text.strip()
    if not host:
        raise InputError("--host: give an address, e.g. 127.0.0.1 or 0.0.0.0", field="host")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    if len(host) > 253 or not all(0 < len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
                                  for label in labels):
        raise InputError(f"--host: {text!r} is not an address or a host name", field="host")
    return host


def check_public_url(text: str | None) -> str | None:
    if text is None:
        return None
    url = text.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InputError(f"--public-url: {text!r} must start with http:// or https://", field="public_url")
    if not url.isprintable() or " " in url or not url.split("://", 1)[1]:
        raise InputError(f"--public-url: {text!r} is not an address", field="public_url")
    return url


def port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (another program holds it, or the address is
    not this machine's), or None: tried once, as the server will (address reuse on)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, family if ":" in host else socket.AF_UNSPEC,
                                   socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
    except OSError as err:
        return f"{err.strerror or err}"
    for fam, kind, proto, _, address in infos:
        with socket.socket(fam, kind, proto) as probe:
            if os.name != "nt":
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as err:
                if err.errno == errno.EADDRINUSE:
                    return "another program listens there"
                return f"{err.strerror or err}"
    return None


@contextlib.contextmanager
def shared_answers() -> Iterator[Path]:
    """A folder where the tabs (and this process) share the symbolic worker's answers, named by
    ``LRTUI_SHARED_ANSWERS`` for every process started from here; removed at the end."""
    from ..expr.client import SHARED_ENV

    folder = Path(tempfile.mkdtemp(prefix="lrtui-serve-answers-"))  # this user's only (0700)
    before = os.environ.get(SHARED_ENV)
    os.environ[SHARED_ENV] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop(SHARED_ENV, None)
        else:
            os.environ[SHARED_ENV] = before
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    port = read_whole(args.port, "--port", "port", 1, 65535)
    host = check_host(args.host)
    public_url = check_public_url(args.public_url)
    sessions = read_whole(args.max_sessions, "--max-sessions", "max_sessions", 1, MAX_SESSIONS)
    if not available():
        session_argv(args)  # the flags' own mistakes first
        say(SERVE_HINT)
        return 2
    taken = port_taken(host, port)
    if taken is not None:
        say(f"lrtui serve: cannot listen on {host}:{port}: {taken}; choose another --port")
        return 2
    with shared_answers():
        session = session_argv(args)  # a lesson's functions are differentiated now, once for every tab
        with errors_log() as errors:
            return _start(session, host, port, public_url, sessions, errors)


def _start(session: list[str], host: str, port: int, public_url: str | None, sessions: int,
           errors: Path | None) -> int:
    """Say what is served, and where, then serve until ctrl+c."""
    if not is_local(host):
        say(WARNING.format(where=f"{host}:{port}"))
    opened = shlex.join(["lrtui", *session]) if session else "lrtui (its defaults)"
    where = public_url or f"http://{_bracketed(host)}:{port}"
    kept = f"go to {_shown(errors)}" if errors is not None else "cannot be kept (the log's folder cannot be made)"
    print(visible(f"lrtui serve: each browser tab gets its own {opened}"), flush=True)
    print(visible(f"lrtui serve: open {where} (ctrl+c stops); at most {sessions} tabs at once; "
                  f"a tab's unexpected errors {kept}"), flush=True)
    argv = [sys.executable, "-B", "-m", "lrtui.cli.session", *session]
    try:
        _server(argv, host, port, public_url, sessions, errors).serve()
    except OSError as err:  # taken since it was checked (a lesson takes a while to check)
        say(f"lrtui serve: cannot listen on {host}:{port}: {err.strerror or err}; choose another --port")
        return 2
    return 0


@contextlib.contextmanager
def errors_log() -> Iterator[Path | None]:
    """This user's error log, named for every tab started meanwhile (``LRTUI_ERROR_LOG``): a
    tab's own state folder is removed with it. None when its folder cannot be made."""
    from ..app.error_log import LOG_ENV, log_path

    errors = log_path()
    try:
        errors.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        yield None
        return
    before = os.environ.get(LOG_ENV)
    os.environ[LOG_ENV] = str(errors)
    try:
        yield errors
    finally:
        if before is None:
            os.environ.pop(LOG_ENV, None)
        else:
            os.environ[LOG_ENV] = before


def _shown(path: Path) -> str:
    from ..app.error_log import shown

    return shown(path)


def _bracketed(host: str) -> str:
    """An IPv6 address in brackets, as a URL writes it."""
    bare = host.strip("[]")
    return f"[{bare}]" if ":" in bare else host


def _server(argv: list[str], host: str, port: int, public_url: str | None, sessions: int,
            errors: Path | None) -> Any:
    from .classroom import ClassroomServer

    return ClassroomServer(argv, host, port, public_url, max_sessions=sessions, errors=errors)
