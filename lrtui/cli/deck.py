"""``lrtui shot --lesson FILE|NAME --output DIR [--format svg|png|txt|gif|cast]``: a lesson as a deck.

One file per scene, named by its number and title (``01-too-small.svg``, …), each the scene as
``lrtui lesson`` opens it: its title and note above the charts, at its ``step``, in its
``view``. A gif or cast animates each scene over its ``steps_shown`` (without it: from 0 to its
step, or 0:20). Flags a user gives win over the scenes' own: ``--step K`` (or ``A:B`` for an
animation), ``--view``, ``--press`` (pressed in every scene). One headless session shoots
every scene (PgDn between them), so the same flags give the same files. Scenario flags do not
apply: the lesson's scenes set their own.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..teaching.keys import KEYS
from ..teaching.lesson import MAX_FRAMES, Lesson, Scene, load_lesson
from .app import check_theme, quiet
from .destination import CannotWrite, check_folder, make_folder, replacing, write_file
from .output import say
from .picture import ANIMATIONS, needs_png, parse_fps, parse_size, parse_steps, shot_of

if TYPE_CHECKING:
    from ..app.render import Shot

FORMATS = ("svg", "png", "txt", "gif", "cast")
DEFAULT_FRAMES = (0, 20)  # an animated scene without steps_shown nor a step


def parse_format(text: str | None) -> str:
    kind = (text or "svg").strip().lower().lstrip(".")
    if kind not in FORMATS:
        raise InputError(f"--format: {text!r} is not one of {', '.join(FORMATS)}", field="format")
    return f".{kind}"


def frames_of(scene: Scene, given: tuple[int, int] | None) -> tuple[int, int]:
    """The steps a scene's animation shows: --step A:B, else its steps_shown, else 0 to its step."""
    if given is not None:
        return given
    if scene.steps_shown is not None:
        return scene.steps_shown
    if scene.step > 0:
        return max(0, scene.step - MAX_FRAMES + 1), scene.step
    return DEFAULT_FRAMES[0], min(DEFAULT_FRAMES[1], scene.scenario.steps)


def main(args: argparse.Namespace) -> int:
    given = [key for key in KEYS if getattr(args, key, None) is not None]
    if given:
        flag = f"--{given[0].replace('_', '-')}"
        raise InputError(f"{flag} does not apply with --lesson: the lesson's scenes set their own", field="lesson")
    lesson = load_lesson(args.lesson)
    kind = parse_format(args.format)
    theme = check_theme(args.theme)
    size, steps, folder = parse_size(args.size), parse_steps(args.step), check_folder(args.output)
    shot, fps = shot_of(args), parse_fps(args.fps)
    animated = kind in ANIMATIONS
    if args.fps is not None and not animated:
        raise InputError("--fps: only an animation (--format gif or cast) has frames per second", field="fps")
    if isinstance(steps, tuple) and not animated:
        raise InputError(f"--step {args.step.strip()}: a range of steps makes an animation: --format gif or cast",
                         field="step")
    missing = needs_png(kind)
    if missing:
        say(f"lrtui shot: {missing}")
        return 2
    step = steps if args.step is not None and not isinstance(steps, tuple) else None
    span = steps if isinstance(steps, tuple) else None
    scenes = range(len(lesson.scenes))
    if args.scene is not None:
        from .lesson import scene_index

        one = scene_index(args.scene, len(lesson.scenes))
        scenes = range(one, one + 1)
    make_folder(folder, args.output)
    try:
        with quiet():
            asyncio.run(shoot(lesson, scenes, theme, size, shot, kind, fps, step, span, folder))
    except CannotWrite as err:
        say(f"lrtui shot: {err}")
        return 2
    return 0


async def shoot(lesson: Lesson, scenes: range, theme: str | None, size: tuple[int, int], shot: Shot,
                kind: str, fps: float, step: int | None, span: tuple[int, int] | None, folder: Path) -> None:
    """One file per scene in ``folder``, each written as soon as it is made, from one headless
    session of the lesson (``s`` and ``e``, when pressed, write into the folder too)."""
    from ..app.app import LrtuiApp
    from ..app.camera import Camera
    from .animation import record

    app = LrtuiApp(plan=lesson, scene=scenes[0], theme=theme, screenshot_dir=str(folder))
    async with Camera(app, size, shot) as camera:
        for index in scenes:
            scene = lesson.scenes[index]
            if index != scenes[0]:
                await camera.open_scene(index)
            name = f"{scene.file_stem}{kind}"
            if kind in ANIMATIONS:
                with replacing(folder / name) as sink:
                    made = await record(camera, frames_of(scene, span), kind, sink, fps,
                                        f"{lesson.title}: {scene.title}")
                if made.notice:
                    say(f"lrtui shot: {name}: {made.notice}")
                continue
            if step is not None:
                await camera.at_step(step)
            if kind == ".txt":
                write_file(folder / name, await camera.text())
            elif kind == ".png":
                from .png import svg_to_png

                write_file(folder / name, svg_to_png(await camera.svg()))
            else:
                write_file(folder / name, await camera.svg())
