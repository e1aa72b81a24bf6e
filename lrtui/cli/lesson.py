"""``lrtui lesson FILE|NAME [--scene N] [--theme NAME] [--screenshot-dir DIR]`` and ``lrtui lesson --list``.

Opens the app on a lesson's first scene (or scene N). The whole file is checked first: a bad
one is one line naming the file, the scene and the key (or the TOML line), and exit status 2.
"""

from __future__ import annotations

import argparse
import os

from ..errors import Field, InputError
from ..numeric import read_whole
from .app import add_charset_argument, add_look_arguments, check_charset, check_theme, terminal_charset
from .args import Parser
from .output import say

DESCRIPTION = """\
Teach with lrtui: open a lesson, a TOML file of scenes (or a built-in lesson by name), on its
first scene. Each scene's title and note show above the charts; PgDn / PgUp (or n / p) go to
the next / previous scene. Everything else works as usual: step, turn the η dial, type a
student's question; PgDn goes on with the lesson. --list names the built-in lessons.
The whole file is checked first: a mistake is one line naming the scene and the key.
"""

EXAMPLE = """\
a lesson file (keys as the command line's flags: function, x0, lr, steps, tol, optimizer,
schedule, preset, model, data, seed, batch_size, epochs; a preset fills the rest):

  title = "What the learning rate does"
  [[scene]]
  title = "Too small"
  note = "η = 0.01 crawls: after 20 steps x is still 7.34."
  function = "(x-2)^2"
  x0 = 10
  lr = [0.01]             # or "0.01, 0.1"
  steps = 20
  step = 20               # the step the scene opens at (default 0)
  view = "landscape"      # the f chart's view: landscape, path or wide
  steps_shown = "0:20"    # the steps of its animation (lrtui shot --lesson … --format gif)

a relative data path is relative to the lesson file.

  lrtui lesson learning-rate
  lrtui shot --lesson learning-rate --output deck/            # one SVG per scene
  lrtui serve --lesson my-lesson.toml                          # the lesson in browsers
"""


def build_parser() -> Parser:
    p = Parser(prog="lrtui lesson", description=DESCRIPTION, epilog=EXAMPLE,
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("lesson", nargs="?", metavar="FILE|NAME",
                   help="a lesson file (.toml) or a built-in lesson's name, e.g. learning-rate")
    p.add_argument("--list", action="store_true", help="name the built-in lessons and stop")
    p.add_argument("--scene", metavar="N", default="1", help="open at scene N (default 1)")
    add_look_arguments(p)
    add_charset_argument(p)
    p.add_argument("--screenshot-dir", metavar="DIR", default=".", help="where s and e write files (default: .)")
    return p


def print_list() -> int:
    from ..teaching.lesson import built_in_names, load_lesson
    from .output import writing

    with writing() as out:  # a closed, full or vanished stdout is said as for every command
        for name in built_in_names():
            lesson = load_lesson(name)
            out.line(f"{name}: {lesson.title} ({len(lesson.scenes)} scenes)")
            for scene in lesson.scenes:
                out.line(f"  {scene.number}. {scene.title}")
    return 0


def scene_index(text: str, count: int) -> int:
    """``--scene N`` (1-based, as the app's "scene 2 of 6") → the scene's 0-based index."""
    return read_whole(text, "--scene", Field.SCENE, 1, count, hint=f" (1 to {count})") - 1


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.list:
        if args.lesson is not None:
            raise InputError("--list names the built-in lessons; give it alone", field=Field.LESSON)
        return print_list()
    if args.lesson is None:
        raise InputError("give a lesson: a .toml file or a built-in name (lrtui lesson --list)", field=Field.LESSON)
    from ..teaching.lesson import load_lesson

    lesson = load_lesson(args.lesson)
    index = scene_index(args.scene, len(lesson.scenes))
    theme, charset = check_theme(args.theme), terminal_charset(check_charset(args.charset))
    folder = os.path.expanduser(args.screenshot_dir)
    if not os.path.isdir(folder):
        say(f"lrtui lesson: --screenshot-dir {args.screenshot_dir!r} is not a folder")
        return 2
    from ..app.app import LrtuiApp
    from .app import run_app

    return run_app(LrtuiApp(plan=lesson, scene=index, screenshot_dir=folder, theme=theme, charset=charset))
