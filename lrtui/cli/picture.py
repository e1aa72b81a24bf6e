"""What a picture is, as ``lrtui shot`` and its decks take it: the flags a screenshot, an animation
and a lesson's deck share (``--size``, ``--step``, ``--view``, ``--press``, ``--chrome``,
``--no-footer``, ``--fps``), each checked into a value or one :class:`InputError` line."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from ..analysis.views import VIEWS
from ..app.sizes import MIN_SIZE
from ..errors import InputError
from .animation import DEFAULT_FPS, FPS_LIMITS

if TYPE_CHECKING:
    from ..app.render import Shot

PICTURES = (".svg", ".txt", ".png")
ANIMATIONS = (".gif", ".cast")
KINDS = PICTURES + ANIMATIONS
PNG_HINT = "PNG needs: pip install 'lrtui[png]'"
GIF_HINT = "GIF needs: pip install 'lrtui[png]'"
SIZE_LIMITS = (MIN_SIZE, (400, 200))  # below MIN_SIZE the app only asks for a larger terminal
CHROMES = ("window", "none")
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
MAX_KEYS = 100


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


def parse_step(text: str) -> int:
    try:
        k = int(text.strip().replace("_", ""))
    except ValueError:
        raise InputError(f"--step: {text!r} is not a whole number", field="step") from None
    if k < 0:
        raise InputError(f"--step: must be ≥ 0, got {k}", field="step")
    return k


def parse_fps(text: str | None) -> float:
    if text is None:
        return DEFAULT_FPS
    from ..numeric import read_real

    fps = read_real(text, "--fps", "fps")
    lo, hi = FPS_LIMITS
    if not lo <= fps <= hi:
        raise InputError(f"--fps: from {lo:g} to {hi:g} frames a second, got {fps:g}", field="fps")
    return fps


def shot_of(args: argparse.Namespace) -> Shot:
    from ..app.render import Shot
    from .app import check_charset

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
