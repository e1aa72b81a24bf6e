"""``lrtui shot [scenario flags] --step K [--size 120x40] [--theme NAME] [--view NAME]
[--press KEYS] [--chrome none] [--no-footer] --output FILE``.

Renders the app headless at step K and writes FILE as .svg, .txt (the screen as plain text,
never with the key footer) or .png (needs the ``png`` extra). ``--view`` picks the f chart's
window, ``--press`` presses keys once the app is ready (``--press w`` shoots the sweep screen),
``--chrome none`` drops the window decoration and ``--no-footer`` the key footer. The same
flags give the same bytes: no clock, no cursor, no focus highlight, no notification. Bad
flags or paths: one line, exit 2.

``--step A:B --output FILE.gif|FILE.cast`` writes an animation, one frame per step
(``lrtui.cli.animation``); ``--lesson FILE|NAME --output DIR`` one file per scene (``lrtui.cli.deck``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.views import VIEWS
from ..app.sizes import MIN_SIZE
from ..errors import InputError
from .animation import DEFAULT_FPS, FPS_LIMITS
from .app import add_charset_argument, add_look_arguments, check_charset, check_theme, lesson_of, quiet
from .args import Parser, add_scenario_arguments, scenario_from_args

PICTURES = (".svg", ".txt", ".png")
ANIMATIONS = (".gif", ".cast")
KINDS = PICTURES + ANIMATIONS
PNG_HINT = "PNG needs: pip install 'lrtui[png]'"
GIF_HINT = "GIF needs: pip install 'lrtui[png]'"
SIZE_LIMITS = (MIN_SIZE, (400, 200))  # below MIN_SIZE the app only asks for a larger terminal
CHROMES = ("window", "none")
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
MAX_KEYS = 100

if TYPE_CHECKING:
    from ..app.render import Shot


def build_parser() -> Parser:
    p = Parser(prog="lrtui shot", description="Write a screenshot of the app at a step, an animation of its "
               "steps, or a lesson's scenes, without a terminal.")
    add_scenario_arguments(p)
    add_look_arguments(p)
    add_charset_argument(p)
    p.add_argument("--step", metavar="K|A:B",
                   help="the step to show (default 0; beyond the last: the last), or the steps A to B of an "
                   "animation (FILE.gif, FILE.cast)")
    p.add_argument("--fps", metavar="F", help=f"an animation's frames per second (default {DEFAULT_FPS:g})")
    p.add_argument("--lesson", metavar="FILE|NAME",
                   help="one file per scene of a lesson, in the folder --output names (01-too-small.svg, …)")
    p.add_argument("--format", metavar="KIND", help="with --lesson: svg (default), png, txt, gif or cast")
    p.add_argument("--scene", metavar="N", help="with --lesson: scene N only (default: every scene)")
    p.add_argument("--size", metavar="WxH", default="120x40", help="the terminal size (default 120x40)")
    p.add_argument("--view", metavar="NAME", help="the f chart's window: landscape (default), path or wide")
    p.add_argument("--press", metavar="KEYS", help="Textual key names pressed in order first, e.g. w or z,z or right,l")
    p.add_argument("--chrome", metavar="KIND", default="window", help="window (default) or none: no window decoration")
    p.add_argument("--no-footer", action="store_true", help="leave out the key footer (the .txt never has it)")
    p.add_argument("--output", "-o", metavar="FILE", required=True,
                   help="FILE.svg, FILE.txt, FILE.png, FILE.gif or FILE.cast; with --lesson a folder")
    return p


def parse_view(text: str | None) -> str | None:
    if text is None:
        return None
    name = text.strip().lower()
    if name not in VIEWS:
        raise InputError(f"--view: unknown view {text!r}; valid: {', '.join(VIEWS)}", field="view")
    return name


def parse_press(text: str | None) -> tuple[str, ...]:
    """Comma-separated Textual key names (``w``, ``z,z``, ``shift+right``, ``left_square_bracket``)."""
    if text is None:
        return ()
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

    known = {k.value for k in Keys} | set(KEY_NAME_REPLACEMENTS.values())
    keys = tuple(k.strip() for k in text.split(","))
    if len(keys) > MAX_KEYS:
        raise InputError(f"--press: at most {MAX_KEYS} keys, got {len(keys)}", field="press")
    for position, key in enumerate(keys, 1):
        *mods, base = key.split("+") if len(key) > 1 else [key]
        bad_mod = next((m for m in mods if m not in MODIFIERS), None)
        if not key or bad_mod is not None or not (
            key in known or base in known or (len(base) == 1 and base.isprintable()) or key_to_character(base)
        ):
            what = f"modifier {bad_mod!r} in {key!r}" if bad_mod else repr(key)
            raise InputError(f"--press: key {position} ({what}) is not a Textual key name, e.g. w, z, right, "
                             "shift+right, left_square_bracket", field="press")
    return keys


def parse_chrome(text: str) -> bool:
    name = text.strip().lower()
    if name not in CHROMES:
        raise InputError(f"--chrome: {text!r} is not one of {', '.join(CHROMES)}", field="chrome")
    return name == "window"


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,4})\s*[x×X]\s*(\d{1,4})\s*", text)
    (wmin, hmin), (wmax, hmax) = SIZE_LIMITS
    if not m:
        raise InputError(f"--size: {text!r} is not WIDTHxHEIGHT, e.g. 120x40", field="size")
    w, h = int(m.group(1)), int(m.group(2))
    if w < wmin or h < hmin:
        raise InputError(f"--size: the app needs at least {wmin}x{hmin} (smaller, it only asks for a larger "
                         f"terminal), got {w}x{h}", field="size")
    if w > wmax or h > hmax:
        raise InputError(f"--size: at most {wmax}x{hmax}, got {w}x{h}", field="size")
    return w, h


def parse_steps(text: str | None) -> int | tuple[int, int]:
    """``--step``: one step K, or the first and last step of an animation, A:B."""
    if text is None:
        return 0
    if ":" in text:
        from ..teaching.lesson import parse_range

        return parse_range(text, "--step")
    return parse_step(text)


def parse_fps(text: str | None) -> float:
    if text is None:
        return DEFAULT_FPS
    from ..numeric import read_real

    fps = read_real(text, "--fps", "fps")
    lo, hi = FPS_LIMITS
    if not lo <= fps <= hi:
        raise InputError(f"--fps: from {lo:g} to {hi:g} frames a second, got {fps:g}", field="fps")
    return fps


def parse_step(text: str) -> int:
    try:
        k = int(text.strip().replace("_", ""))
    except ValueError:
        raise InputError(f"--step: {text!r} is not a whole number", field="step") from None
    if k < 0:
        raise InputError(f"--step: must be ≥ 0, got {k}", field="step")
    return k


def check_output(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in KINDS:
        raise InputError(f"--output: {text!r} must end in {', '.join(KINDS)}", field="output")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--output: the folder {str(folder)!r} does not exist", field="output")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        what = "a symlink" if path.is_symlink() else "a folder" if path.is_dir() else "not a regular file"
        raise InputError(f"--output: {text!r} is {what}; lrtui writes only regular files", field="output")
    if not os.access(folder, os.W_OK):
        raise InputError(f"--output: cannot write {text!r}", field="output")
    return path


def shot_of(args: argparse.Namespace) -> Shot:
    from ..app.render import Shot

    return Shot(zoom=parse_view(args.view), press=parse_press(args.press), footer=not args.no_footer,
                chrome=parse_chrome(args.chrome), charset=check_charset(args.charset))


def needs_png(kind: str) -> str | None:
    """The one line to say when the ``png`` extra is missing for this kind of file, else None."""
    from .png import available

    if kind == ".png" and not available():
        return PNG_HINT
    if kind == ".gif" and not available(gif=True):
        return GIF_HINT
    return None


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
        print(f"lrtui shot: {missing}", file=sys.stderr)
        return 2
    from ..app.app import LrtuiApp

    first = steps[0] if isinstance(steps, tuple) else steps
    app = LrtuiApp(scenario, theme=theme, lesson=lesson_of(args, scenario), start_step=first)
    if isinstance(steps, tuple):
        from .animation import animate

        with quiet():
            made = asyncio.run(animate(app, size, shot, steps, kind, fps))
        return write_file(out, made.data, made.notice)
    from ..app.camera import render

    with quiet():
        svg, text = asyncio.run(render(app, size, shot))
    if kind == ".png":
        from .png import svg_to_png

        return write_file(out, svg_to_png(svg))
    return write_file(out, text if kind == ".txt" else svg)


def write_file(out: Path, data: str | bytes, notice: str | None = None) -> int:
    """Write what was made (a symlink or a device is refused here too); a notice goes to stderr."""
    from ..app.files import write_named

    try:
        write_named(out, data)
    except OSError as err:
        print(f"lrtui shot: cannot write {str(out)!r}: {err.strerror or err}", file=sys.stderr)
        return 2
    if notice:
        print(f"lrtui shot: {notice}", file=sys.stderr)
    return 0
