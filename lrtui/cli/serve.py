"""``lrtui serve [--host H] [--port P] [--public-url URL] [scenario flags | --lesson FILE|NAME [--scene N]]``.

A classroom in the browser, with textual-serve (the ``serve`` extra): every browser tab that
opens the page gets its own lrtui process (``lrtui.cli.session``), started with the flags given
here, which are all checked first (a bad one: one line, exit 2, no server).

- The default host is 127.0.0.1 (this machine only). Any other address prints a one-line
  warning: anyone who can reach it gets an lrtui session (the app only: no shell, no files).
- A session writes only into its own temporary folder, removed when the tab closes: ``s`` and
  ``e`` write there and the file is sent to the browser as a download. Nothing a browser sends
  names a path: the app has no field that does (``--data`` is the teacher's, given here).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, visible
from ..numeric import read_whole
from ..teaching.keys import KEYS
from .app import add_look_arguments, check_theme
from .args import Parser, add_scenario_arguments, scenario_from_args
from .output import say

SERVE_HINT = "lrtui serve needs textual-serve: pip install 'lrtui[serve]'"
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
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


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    port = read_whole(args.port, "--port", "port", 1, 65535)
    host = args.host.strip()
    if not host:
        raise InputError("--host: give an address, e.g. 127.0.0.1 or 0.0.0.0", field="host")
    if args.public_url is not None and not args.public_url.startswith(("http://", "https://")):
        raise InputError(f"--public-url: {args.public_url!r} must start with http:// or https://",
                         field="public_url")
    session = session_argv(args)
    if not available():
        say(SERVE_HINT)
        return 2
    command = shlex.join([sys.executable, "-B", "-m", "lrtui.cli.session", *session])
    if not is_local(host):
        say(WARNING.format(where=f"{host}:{port}"))
    opened = shlex.join(["lrtui", *session]) if session else "lrtui (its defaults)"
    print(visible(f"lrtui serve: each browser tab gets its own {opened}"), flush=True)
    server = _server(command, host, port, args.public_url)
    server.serve()
    return 0


def _server(command: str, host: str, port: int, public_url: str | None) -> Any:
    from textual_serve.server import Server

    class ClassroomServer(Server):
        """textual-serve's server; the page's links follow the address the browser used (a server
        on 0.0.0.0 is reached by the name or address each student typed), unless --public-url says."""

        async def handle_index(self, request: Any) -> Any:
            if public_url is None:
                self.public_url = f"{request.scheme}://{request.host}"  # no await before it is read
            return await super().handle_index(request)

    return ClassroomServer(command, host=host, port=port, title="lrtui", public_url=public_url)
