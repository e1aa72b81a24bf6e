"""``lrtui lesson FILE|NAME [--scene N] [--theme NAME] [--screenshot-dir DIR]``, ``lrtui lesson --list``
and ``lrtui lesson --check FILE|NAME``.

Opens the app on a lesson's first scene (or scene N). The whole file is checked first: a bad
one is one line naming the file, the scene and the key (or the TOML line), and exit status 2.
``--check`` computes every scene and prints what an author would quote (:mod:`.check`).
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
A scene may ask a question ([scene.ask]): until it is answered the scene hides the runs' fates;
keys 1-9 pick runs (or type a number), Enter answers, r reveals. --check computes every scene
and prints the facts an author would quote, with each question's computed answer.
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

  [scene.ask]             # a question, answered from what the scene computes
  question = "Which of these learning rates diverge?"
  kind = "runs"           # pick runs (keys 1-9), or "number" (type it)
  which = "diverged"      # converged, left_domain, bouncing, cycle, still_moving, oscillates
  # kind = "number": quantity = critical_lr, optimal_lr, x_at, loss_at or stopped_at;
  # at = STEP (x_at, loss_at), run = N (default 1), tolerance = 0.05 (relative)

a relative data path is relative to the lesson file.

  lrtui lesson learning-rate
  lrtui lesson --check my-lesson.toml                         # the facts, the answers, the warnings
  lrtui handout learning-rate -o handout.html                 # a printable handout with the answers
  lrtui shot --lesson learning-rate --output deck/            # one SVG per scene
  lrtui serve --lesson my-lesson.toml                          # the lesson in browsers
"""


def build_parser() -> Parser:
    p = Parser(prog="lrtui lesson", description=DESCRIPTION, epilog=EXAMPLE,
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("lesson", nargs="?", metavar="FILE|NAME",
                   help="a lesson file (.toml) or a built-in lesson's name, e.g. learning-rate")
    p.add_argument("--list", action="store_true", help="name the built-in lessons and stop")
    p.add_argument("--check", action="store_true",
                   help="compute every scene and print its facts and its question's answer; warn about a "
                   "question with no right answer and a note's number that disagrees (exit 1)")
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
            asks = sum(scene.ask is not None for scene in lesson.scenes)
            scenes, questions = len(lesson.scenes), f"{asks} question{'' if asks == 1 else 's'}"
            out.line(f"{name}: {lesson.title} ({scenes} scene{'' if scenes == 1 else 's'}, {questions})")
            for scene in lesson.scenes:
                asked = f" · asks: {scene.ask.question}" if scene.ask is not None else ""
                out.line(f"  {scene.number}. {scene.title}{asked}")
    return 0


def scene_index(text: str, count: int) -> int:
    """``--scene N`` (1-based, as the app's "scene 2 of 6") → the scene's 0-based index."""
    return read_whole(text, "--scene", Field.SCENE, 1, count, hint=f" (1 to {count})") - 1


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.list:
        if args.lesson is not None or args.check:
            raise InputError("--list names the built-in lessons; give it alone", field=Field.LESSON)
        return print_list()
    if args.check:
        if args.lesson is None:
            raise InputError("--check needs a lesson: a .toml file or a built-in name", field=Field.LESSON)
        from .check import check_lesson

        return check_lesson(args.lesson)
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
