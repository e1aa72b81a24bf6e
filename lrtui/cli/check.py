"""``lrtui lesson --check FILE|NAME``: compute every scene and print what an author would quote.

Per scene: each run's status, x and f at its end; each minimum's curvature, 2/f'' (the critical
η) and 1/f'' (the best fixed η); each run's verdict; the question's computed answer. Then the
warnings, one line each on stderr: a question with no right answer ("scene 1: no run diverged,
so the question has no right answer") and a note's number that disagrees with what the scene
computes, where the words around it say what it is (:mod:`lrtui.teaching.notes`).

Exit status: 0 when all is well, 1 with warnings, 2 when a scene does not compute or the file
has a key or value lrtui does not know (one line naming the scene and the key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from .output import Output, say, writing

if TYPE_CHECKING:
    from ..engine.result import Result
    from ..teaching.lesson import Lesson, Scene


def check_lesson(ref: str) -> int:
    from ..teaching.lesson import load_lesson

    lesson = load_lesson(ref)
    warnings: list[str] = []
    with writing() as out:
        asks = sum(scene.ask is not None for scene in lesson.scenes)
        out.line(f"{lesson.source}: {lesson.title} ({_count(len(lesson.scenes), 'scene')}, "
                 f"{_count(asks, 'question')})")
        for scene in lesson.scenes:
            result = _computed(lesson, scene)
            out.line("")
            warnings += _scene(out, scene, result)
    for line in warnings:
        say(f"warning: {line}")
    return 1 if warnings else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _computed(lesson: Lesson, scene: Scene) -> Result:
    from ..teaching.scenario import compute

    try:
        return compute(scene.scenario)
    except InputError as err:
        raise InputError(f"{lesson.source}, scene {scene.number} ({scene.title!r}): does not compute: {err}",
                         field="lesson") from None


def _scene(out: Output, scene: Scene, result: Result) -> list[str]:
    """Print one scene's facts; return its warnings."""
    from ..analysis.answers import number, run_name
    from ..teaching.ask import answer
    from ..teaching.notes import check_note

    s = scene.scenario
    start = ", ".join(number(v) for v in s.x0)
    what = f"f({', '.join(result.parameters)}) = {s.function}" if s.function is not None else str(s.model)
    out.line(f"scene {scene.number} · {scene.title} · {what} · from {start} · {s.steps:,} steps"
             + (f" (opens at step {scene.step:,})" if scene.step else ""))
    names = result.parameters
    for r in range(result.runs):
        k = int(result.stopped_at[r])
        x = result.x[r, k]
        where = (f"{names[0]} = {number(float(x[0]))}" if len(names) == 1 else
                 f"({', '.join(names)}) = ({', '.join(number(float(v)) for v in x)})")
        out.line(f"  {run_name(result, r)}: {result.status_text(r)} · {where} · f = {number(float(result.loss[r, k]))}")
    seen: set[str] = set()
    for a in result.analysis:
        if a is None or a.minimum is None:
            continue
        star = ", ".join(number(v) for v in a.minimum)
        star = star if len(a.minimum) == 1 else f"({star})"
        curv = "λ_max" if len(a.minimum) > 1 else "f''"
        parts = [f"x* = {star}", f"{curv} = {number(a.curvature)}" if a.curvature is not None else f"no {curv}"]
        if a.critical_lr is not None:
            parts.append(f"critical η 2/{curv} = {number(a.critical_lr)}")
        if a.optimal_lr is not None:
            best = "2/(λ_min + λ_max)" if len(a.minimum) > 1 else "1/f''"
            parts.append(f"optimal η {best} = {number(a.optimal_lr)}")
        line = "  " + " · ".join(parts)
        if line not in seen:  # runs that head for the same minimum (to the digits shown) share a line
            seen.add(line)
            out.line(line)
    for r, a in enumerate(result.analysis):
        if a is not None:
            out.line(f"  verdict, {run_name(result, r)}: {a.verdict}")
    warnings = []
    if scene.ask is not None:
        ask = scene.ask
        kind = f"runs: {ask.which}" if ask.kind == "runs" else f"number: {ask.quantity}"
        out.line(f"  asks ({kind}): {ask.question}")
        truth = answer(ask, result)
        if truth.none is not None:
            out.line(f"    no right answer: {truth.none} ({truth.words})")
            warnings.append(f"scene {scene.number}: {truth.none}, so the question has no right answer")
        else:
            out.line(f"    answer: {truth.shown} — {truth.words}")
    check = check_note(scene, result)
    if scene.note:
        agreed = _count(len(check.agreed), "number")
        out.line(f"  note: {agreed} read and checked, {len(check.disagreements)} disagreeing, "
                 f"{len(check.unread)} not read")
    for d in check.disagreements:
        warnings.append(f"scene {scene.number}: {d.words()}")
    return warnings
