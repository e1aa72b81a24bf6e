"""``lrtui [scenario flags] [--screenshot-dir DIR] [--theme NAME]``: open the app.

Every flag is checked before any screen opens: a bad one is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..app import collector
from ..teaching.scenario import Scenario

if TYPE_CHECKING:
    from ..app.app import LrtuiApp
from .args import Parser, add_scenario_arguments, scenario_from_args
from .commands import COMMANDS
from .output import say


def build_parser() -> Parser:
    p = Parser(
        prog="lrtui",
        usage="%(prog)s [-h] [scenario flags] [--theme NAME] [--charset NAME] [--screenshot-dir DIR]\n"
        f"       %(prog)s {{{','.join(COMMANDS)}}} [flags]   (lrtui COMMAND --help)",
        description="See what the learning rate does to gradient descent. "
        "Also: lrtui run (print the steps), lrtui shot (a screenshot or an animation, headless), lrtui sweep, "
        "lrtui lesson (teach with scenes), lrtui handout (a lesson to print, with its answers), "
        "lrtui serve (the app in web browsers). Press ? in the app for keys.",
    )
    add_scenario_arguments(p)
    add_look_arguments(p)
    add_charset_argument(p)
    p.add_argument("--screenshot-dir", metavar="DIR", default=".", help="where s and e write files (default: .)")
    return p


def add_look_arguments(p: Parser) -> None:
    p.add_argument("--theme", metavar="NAME", help="textual-dark (default), lrtui-light, or any Textual theme")


def add_charset_argument(p: Parser) -> None:
    p.add_argument("--charset", metavar="NAME",
                   help="the charts' lines: braille (default: 2×4 dots a cell), block (2×2) or ascii; "
                        "ascii where the terminal cannot show the others")


def check_charset(name: str | None) -> str | None:
    """The charset's name if there is one by that name; None when not given; raises InputError otherwise."""
    if name is None:
        return None
    from ..app.charts.charset import NAMES
    from ..errors import Field, InputError

    name = name.strip().lower()
    if name not in NAMES:
        raise InputError(f"--charset: {name!r} is not one of {', '.join(NAMES)}", field=Field.CHARSET)
    return name


def terminal_charset(name: str | None) -> str:
    """The charset asked for, or the finest the terminal can encode: braille, then block, then ascii
    (a terminal that encodes neither braille nor blocks gets ASCII lines, not look-alike dots)."""
    from ..app.charts.charset import best_for
    from .output import encodes

    stream = sys.__stderr__ or sys.stderr  # Textual draws on stderr
    return name or best_for(lambda text: stream is not None and encodes(stream, text))


def check_theme(name: str | None) -> str | None:
    """The theme name if the app knows it; None for the default; raises InputError otherwise."""
    if name is None:
        return None
    from textual.theme import BUILTIN_THEMES

    from ..app.theme import LIGHT
    from ..errors import Field, InputError

    known = {*BUILTIN_THEMES, LIGHT.name}
    if name not in known:
        raise InputError(f"unknown theme {name!r}; valid: {', '.join(sorted(known))}", field=Field.THEME)
    return name


def lesson_of(args: argparse.Namespace, scenario: Scenario) -> str | None:
    """The preset's lesson, while the flags leave its scenario as it is (a lesson about η = 0.01
    would be false once --lr changed it)."""
    from ..teaching.presets import preset

    if not args.preset:
        return None
    p = preset(args.preset)
    return p.lesson if p.scenario == scenario else None


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    collector.hold()  # until the first result is on screen (lrtui.app.collector)
    try:
        return _open(args)
    finally:
        collector.release()


def _open(args: argparse.Namespace) -> int:
    # Textual loads first: a typed function's answer is waited for below, and the symbolic worker
    # (started with the command) loads sympy on the other core meanwhile
    from ..app.app import LrtuiApp

    scenario = scenario_from_args(args)
    theme, charset = check_theme(args.theme), terminal_charset(check_charset(args.charset))
    folder = os.path.expanduser(args.screenshot_dir)
    if not os.path.isdir(folder):
        say(f"lrtui: --screenshot-dir {args.screenshot_dir!r} is not a folder")
        return 2
    return run_app(LrtuiApp(scenario, screenshot_dir=folder, theme=theme, lesson=lesson_of(args, scenario),
                            charset=charset))


def run_app(app: LrtuiApp) -> int:
    """Run the app in the terminal; a bug ends it with status 1 and its traceback kept."""
    from .output import screen_streams

    try:
        with quiet(), screen_streams():
            app.run()
    except Exception as err:  # outside Textual's own handling: still a bug with a traceback kept
        from ..app.error_log import report

        say(f"lrtui: stopped by an unexpected error ({report(err, 'running the app')})")
        raise
    if app.return_code:  # Textual printed the traceback above; LrtuiApp logged it too
        from ..app.error_log import log_path, shown

        say(f"lrtui: stopped by an unexpected error (traceback above and in {shown(log_path())})")
        return app.return_code
    return 0


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Nothing but the app may write to the terminal while it runs: warnings and log records go nowhere."""
    root = logging.getLogger()
    sink = logging.NullHandler()
    root.addHandler(sink)  # with a handler on the root, logging never falls back to stderr
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.removeHandler(sink)
