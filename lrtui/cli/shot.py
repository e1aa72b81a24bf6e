"""``lrtui shot [scenario flags] --step K [--size 120x40] [--theme NAME] [--view NAME]
[--press KEYS] [--chrome none] [--no-footer] --output FILE``.

Renders the app headless at step K and writes FILE as .svg, .txt (the screen as plain text,
never with the key footer) or .png (needs the ``png`` extra). ``--view`` picks the f chart's
window, ``--press`` presses keys once the app is ready (``--press w`` shoots the sweep screen;
``s`` and ``e`` write their SVG and CSV files beside FILE, in its folder), ``--chrome none``
drops the window decoration and ``--no-footer`` the key footer. The same flags give the same
bytes: no clock, no cursor, no focus highlight, no notification. Bad flags or paths: one line,
exit 2.

``--step A:B --output FILE.gif|FILE.cast`` writes an animation, one frame per step
(``lrtui.cli.animation``); ``--lesson FILE|NAME --output DIR`` one file per scene (``lrtui.cli.deck``).
The flags a picture, an animation and a deck share are read in :mod:`lrtui.cli.picture`; where
they are written is checked in :mod:`lrtui.cli.destination`.
"""

from __future__ import annotations

import asyncio

from ..errors import InputError
from .app import add_charset_argument, add_look_arguments, check_theme, lesson_of, quiet
from .args import Parser, add_scenario_arguments, say_warnings, scenario_from_args
from .destination import CannotWrite, check_output, replacing, write_file
from .output import say
from .picture import ANIMATIONS, needs_png, parse_fps, parse_size, parse_steps, shot_of


def build_parser() -> Parser:
    p = Parser(prog="lrtui shot", description="Write a screenshot of the app at a step, an animation of its "
               "steps, or a lesson's scenes, without a terminal.")
    add_scenario_arguments(p)
    add_look_arguments(p)
    add_charset_argument(p)
    p.add_argument("--step", metavar="K|A:B",
                   help="the step to show (default 0; beyond the last: the last), or the steps A to B of an "
                   "animation (FILE.gif, FILE.cast)")
    p.add_argument("--fps", metavar="F", help="an animation's frames per second (default 4)")
    p.add_argument("--lesson", metavar="FILE|NAME",
                   help="one file per scene of a lesson, in the folder --output names (01-too-small.svg, …)")
    p.add_argument("--format", metavar="KIND", help="with --lesson: svg (default), png, txt, gif or cast")
    p.add_argument("--scene", metavar="N", help="with --lesson: scene N only (default: every scene)")
    p.add_argument("--size", metavar="WxH", default="120x40", help="the terminal size (default 120x40)")
    p.add_argument("--view", metavar="NAME", help="the f chart's window: landscape (default), path or wide")
    p.add_argument("--press", metavar="KEYS", help="Textual key names pressed in order first, e.g. w or z,z or "
                   "right,l (s and e write their files beside --output)")
    p.add_argument("--chrome", metavar="KIND", default="window", help="window (default) or none: no window decoration")
    p.add_argument("--no-footer", action="store_true", help="leave out the key footer (the .txt never has it)")
    p.add_argument("--output", "-o", metavar="FILE", required=True,
                   help="FILE.svg, FILE.txt, FILE.png, FILE.gif or FILE.cast; with --lesson a folder")
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.lesson is not None:
        from .deck import main as deck_main

        return deck_main(args)
    if args.format is not None:
        raise InputError("--format goes with --lesson; otherwise --output's ending says the kind", field="format")
    if args.scene is not None:
        raise InputError("--scene goes with --lesson", field="scene")
    scenario = scenario_from_args(args)
    say_warnings(scenario, "lrtui shot")
    theme = check_theme(args.theme)
    size, steps, out = parse_size(args.size), parse_steps(args.step), check_output(args.output)
    shot, fps = shot_of(args), parse_fps(args.fps)
    kind = out.suffix.lower()
    if kind in ANIMATIONS and not isinstance(steps, tuple):
        raise InputError(f"--output: an animation ({kind}) needs --step FIRST:LAST, e.g. 0:20", field="step")
    if kind not in ANIMATIONS and isinstance(steps, tuple):
        raise InputError(f"--step {args.step.strip()}: a range of steps makes an animation: --output FILE.gif "
                         "or FILE.cast", field="step")
    if args.fps is not None and kind not in ANIMATIONS:
        raise InputError("--fps: only an animation (FILE.gif, FILE.cast) has frames per second", field="fps")
    missing = needs_png(kind)
    if missing:
        say(f"lrtui shot: {missing}")
        return 2
    from ..app.app import LrtuiApp

    first = steps[0] if isinstance(steps, tuple) else steps
    beside = str(out.parent if str(out.parent) else ".")  # where s and e write
    app = LrtuiApp(scenario, theme=theme, lesson=lesson_of(args, scenario), start_step=first, screenshot_dir=beside)
    try:
        if isinstance(steps, tuple):
            from .animation import animate

            with replacing(out) as sink, quiet():
                made = asyncio.run(animate(app, size, shot, steps, kind, sink, fps))
            if made.notice:
                say(f"lrtui shot: {made.notice}")
            return 0
        from ..app.camera import render

        with quiet():
            svg, text = asyncio.run(render(app, size, shot))
        if kind == ".png":
            from .png import svg_to_png

            write_file(out, svg_to_png(svg))
        else:
            write_file(out, text if kind == ".txt" else svg)
    except CannotWrite as err:
        say(f"lrtui shot: {err}")
        return 2
    return 0
