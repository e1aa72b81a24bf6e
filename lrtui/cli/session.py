"""One browser tab's lrtui under ``lrtui serve``: ``python -B -m lrtui.cli.session [flags]``.

textual-serve starts this process for each tab, with its web driver. The session makes its
own temporary folder and writes nowhere else: it works in it, ``s`` and ``e`` write there and
deliver the file to the browser, the error log goes there (``XDG_STATE_HOME``), Python writes
no bytecode (``-B``, and ``PYTHONDONTWRITEBYTECODE`` for the symbolic worker). The folder is
removed when the tab closes. The flags were checked by ``lrtui serve`` before it started.
"""

from __future__ import annotations

import os
import sys
import tempfile


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="lrtui-session-") as folder:
        os.environ["XDG_STATE_HOME"] = folder
        os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
        os.chdir(folder)
        return run(argv, folder)


def run(argv: list[str], folder: str) -> int:
    from ..app.app import LrtuiApp
    from .app import build_parser, check_theme, lesson_of, run_app
    from .args import scenario_from_args

    if argv and argv[0] == "lesson":
        from ..teaching.lesson import load_lesson
        from .lesson import build_parser as lesson_parser
        from .lesson import scene_index

        args = lesson_parser().parse_args(argv[1:])
        lesson = load_lesson(args.lesson)
        app = LrtuiApp(plan=lesson, scene=scene_index(args.scene, len(lesson.scenes)), screenshot_dir=folder,
                       theme=check_theme(args.theme), served=True)
    else:
        args = build_parser().parse_args(argv)
        scenario = scenario_from_args(args)
        app = LrtuiApp(scenario, screenshot_dir=folder, theme=check_theme(args.theme),
                       lesson=lesson_of(args, scenario), served=True)
    return run_app(app)


def entry() -> int:
    """As every command: the symbolic worker first for a typed function; bad input is one line and status 2."""
    from ..errors import InputError
    from . import expect_typed_function
    from .output import say

    expect_typed_function(sys.argv[1:])
    try:
        return main(sys.argv[1:])
    except InputError as err:
        say(f"lrtui: {err}")
        return 2


if __name__ == "__main__":  # pragma: no cover - started by lrtui serve, in its own process
    sys.exit(entry())
