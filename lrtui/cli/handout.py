"""``lrtui handout NAME|FILE -o FILE.html|FILE.md [--size WxH] [--theme T] [--images svg|png] [--force]``.

A lesson as a document to hand out or print: its title; per scene its title, note, screen (as
``lrtui lesson`` opens it, with an open question's answer hidden) and question; at the end
"Answers", computed from each scene's result with the sentence that explains them
(:mod:`.handout_page` writes the document). One headless session takes every screen, as a
deck does (:mod:`.deck`). HTML is one self-contained file with the screens inline as SVG;
Markdown writes the screens beside it (``FILE-01-too-small.svg``, or ``.png`` with
``--images png``) and links them relatively.

Nothing is written over an existing file unless ``--force`` (then only a regular file is
replaced, never through a symlink); every file is checked before any work, a bad flag or path is
one line and exit status 2.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Field, InputError
from .app import add_look_arguments, check_theme, quiet
from .args import Parser
from .destination import CannotWrite, replacing
from .output import say
from .picture import needs_png, parse_size

if TYPE_CHECKING:
    from ..teaching.lesson import Lesson
    from .handout_page import Handout

KINDS = (".html", ".htm", ".md")
IMAGES = ("svg", "png")
DEFAULT_SIZE = "120x40"
DEFAULT_THEME = "lrtui-light"  # paper is white
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def build_parser() -> Parser:
    p = Parser(prog="lrtui handout", description="Write a lesson as a handout: its scenes' titles, notes, "
               "screens and questions, then the answers lrtui computed. HTML is one self-contained, printable "
               "file; Markdown links the screens, written beside it.")
    p.add_argument("lesson", nargs="?", metavar="NAME|FILE", help="a built-in lesson's name or a lesson file (.toml)")
    p.add_argument("--output", "-o", metavar="FILE", help="FILE.html (or .htm) or FILE.md")
    p.add_argument("--size", metavar="WxH", default=DEFAULT_SIZE, help=f"the screens' size (default {DEFAULT_SIZE})")
    add_look_arguments(p)
    p.add_argument("--images", metavar="KIND", help="Markdown: the screens' files, svg (default) or png")
    p.add_argument("--force", action="store_true", help="replace existing files (never through a symlink)")
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.lesson is None:
        raise InputError("give a lesson: a built-in name (lrtui lesson --list) or a .toml file", field=Field.LESSON)
    if args.output is None:
        raise InputError("--output: give FILE.html or FILE.md", field=Field.OUTPUT)
    from ..teaching.lesson import load_lesson

    lesson = load_lesson(args.lesson)
    out = check_target(args.output, args.force)
    markdown = out.suffix.lower() == ".md"
    images = parse_images(args.images, markdown)
    theme = check_theme(args.theme) or DEFAULT_THEME
    size = parse_size(args.size)
    shots = [out.with_name(f"{out.stem}-{scene.file_stem}.{images}") for scene in lesson.scenes] if markdown else []
    for shot in shots:
        check_target(str(shot), args.force, what=f"--output's screen {shot.name!r}")
    missing = needs_png(f".{images}") if markdown else None
    if missing:
        say(f"lrtui handout: {missing}")
        return 2
    answers = solutions(lesson)
    try:
        with quiet():
            screens = asyncio.run(take_screens(lesson, theme, size))
        if markdown:
            for path, svg in zip(shots, screens, strict=True):
                if images == "png":
                    from .png import svg_to_png

                    write(path, svg_to_png(svg), args.force)
                else:
                    write(path, svg, args.force)
        doc = handout(lesson, [p.name for p in shots] if markdown else screens, answers)
        from .handout_page import to_html, to_markdown

        write(out, to_markdown(doc) if markdown else to_html(doc), args.force)
    except CannotWrite as err:
        say(f"lrtui handout: {err}")
        return 2
    return 0


def parse_images(text: str | None, markdown: bool) -> str:
    if text is None:
        return "svg"
    if not markdown:
        raise InputError("--images goes with FILE.md; an HTML handout holds its screens inline", field=Field.FORMAT)
    kind = text.strip().lower().lstrip(".")
    if kind not in IMAGES:
        raise InputError(f"--images: {text!r} is not one of {', '.join(IMAGES)}", field=Field.FORMAT)
    return kind


def check_target(text: str, force: bool, what: str = "--output") -> Path:
    """A file the handout may write: the right kind, in a folder that exists and can be written,
    not there yet (unless ``force``, and then a regular file), never a symlink."""
    path = Path(text).expanduser()
    if what == "--output" and path.suffix.lower() not in KINDS:
        raise InputError(f"--output: {text!r} must end in {', '.join(KINDS)}", field=Field.OUTPUT)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{what}: the folder {str(folder)!r} does not exist", field=Field.OUTPUT)
    if path.is_symlink():
        raise InputError(f"{what}: {str(path)!r} is a symlink; lrtui never writes through one", field=Field.OUTPUT)
    if path.exists():
        if not path.is_file():
            kind = "a folder" if path.is_dir() else "not a regular file"
            raise InputError(f"{what}: {str(path)!r} is {kind}; lrtui writes only regular files", field=Field.OUTPUT)
        if not force:
            raise InputError(f"{what}: {str(path)!r} exists; --force replaces it", field=Field.OUTPUT)
    if not os.access(folder, os.W_OK):
        raise InputError(f"{what}: cannot write in {str(folder)!r}", field=Field.OUTPUT)
    return path


def write(path: Path, data: str | bytes, force: bool) -> None:
    """Write a new file (``force``: or replace a regular file), never through a symlink."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if force:
        with replacing(path) as fh:
            fh.write(raw)
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0), 0o644)
    except FileExistsError:
        raise CannotWrite(f"cannot write {str(path)!r}: it appeared meanwhile; --force replaces it") from None
    except OSError as err:
        raise CannotWrite(f"cannot write {str(path)!r}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
    except OSError as err:
        raise CannotWrite(f"cannot write {str(path)!r}: {err.strerror or err}") from None


async def take_screens(lesson: Lesson, theme: str | None, size: tuple[int, int]) -> list[str]:
    """Every scene's screen as SVG, as the lesson opens it (an open question hides its answer), from
    one headless session: no key footer, no window decoration."""
    from ..app.app import LrtuiApp
    from ..app.camera import Camera
    from ..app.render import Shot

    app = LrtuiApp(plan=lesson, scene=0, theme=theme)
    screens = []
    async with Camera(app, size, Shot(footer=False, chrome=False)) as camera:
        for index in range(len(lesson.scenes)):
            if index:
                await camera.open_scene(index)
            screens.append(await camera.svg())
    return screens


def solutions(lesson: Lesson) -> list[tuple[int, str, str, str | None]]:
    """Each question's answer computed from its scene: (scene number, the answer, the sentence, the note)."""
    from ..teaching.ask import answer
    from ..teaching.scenario import compute

    out = []
    for scene in lesson.scenes:
        if scene.ask is None:
            continue
        try:
            result = compute(scene.scenario)
        except InputError as err:
            raise InputError(f"{lesson.source}, scene {scene.number} ({scene.title!r}): does not compute: {err}",
                             field=Field.LESSON) from None
        truth = answer(scene.ask, result)
        shown = f"no right answer: {truth.none}" if truth.none is not None else f"the answer: {truth.shown}"
        out.append((scene.number, shown, truth.words, scene.note))
    return out


def handout(lesson: Lesson, screens: list[str], answers: list[tuple[int, str, str, str | None]]) -> Handout:
    from ..teaching.ask import run_name
    from .handout_page import Handout, Page, Question, Solution

    pages = []
    for scene, screen in zip(lesson.scenes, screens, strict=True):
        question = None
        if scene.ask is not None:
            s = scene.scenario
            runs = tuple(run_name(s, r) for r in range(len(s.lrs) * len(s.optimizers))) if scene.ask.kind == "runs" \
                else ()
            question = Question(scene.ask.question, scene.ask.kind, runs)
        pages.append(Page(scene.number, scene.title, scene.note if scene.ask is None else None, screen, question))
    titles = {scene.number: scene.title for scene in lesson.scenes}
    solved = tuple(Solution(n, titles[n], shown, words, note) for n, shown, words, note in answers)
    return Handout(lesson.title, lesson.note, lesson.source, tuple(pages), solved)
