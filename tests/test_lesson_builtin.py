"""The built-in lesson tells the truth: every number and verdict in its notes, against the run it describes."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import numpy as np
import pytest

from lrtui.engine.result import Status
from lrtui.teaching.lesson import BUILT_IN, load_lesson
from lrtui.teaching.scenario import compute

LESSON = load_lesson("learning-rate")
SCENES = {scene.file_stem: scene for scene in LESSON.scenes}


def run_of(stem: str):
    return compute(SCENES[stem].scenario)


def x_at(result, run: int, step: int) -> float:
    return float(result.x[run, min(step, int(result.stopped_at[run])), 0])


def test_it_retells_the_seed_lesson_in_at_least_six_scenes():
    assert list(SCENES) == ["01-too-small", "02-three-learning-rates", "03-too-large", "04-never-settles",
                            "05-a-linear-regression", "06-a-schedule-rescues-a-large-eta", "07-adam-next-to-sgd"]
    assert all(scene.note for scene in LESSON.scenes)


def test_too_small():
    r, scene = run_of("01-too-small"), SCENES["01-too-small"]
    assert "η = 0.01" in scene.note and "after 20 steps x is still 7.34" in scene.note
    assert r.lrs.tolist() == [0.01] and scene.step == 20
    assert round(x_at(r, 0, 20), 2) == 7.34 and r.analysis[0].verdict.endswith("(error ×0.98 per step)")


def test_three_learning_rates():
    r = run_of("02-three-learning-rates")
    assert r.lrs.tolist() == [0.01, 0.1, 0.5] and r.steps == 20
    assert round(x_at(r, 0, 20), 2) == 7.34 and round(x_at(r, 1, 20), 2) == 2.09
    assert "error ×0.8 per step" in r.analysis[1].verdict
    assert r.status[2] == Status.CONVERGED and r.stopped_at[2] == 1 and x_at(r, 2, 1) == 2.0


def test_too_large():
    r = run_of("03-too-large")
    assert r.lrs.tolist() == [0.9, 1.0, 1.5] and r.analysis[0].critical_lr == 1.0
    assert "converges" in r.analysis[0].verdict and "(error ×−0.8 per step)" in r.analysis[0].verdict
    assert r.status[1] == Status.MAX_STEPS and {x_at(r, 1, k) for k in range(21)} == {10.0, -6.0}
    assert r.status[2] == Status.DIVERGED and r.stopped_at[2] == 10
    errors = np.abs(r.x[2, :11, 0] - 2)
    assert np.all(errors[1:] == 2 * errors[:-1])  # doubles each step


def test_never_settles():
    r, note = run_of("04-never-settles"), SCENES["04-never-settles"].note
    a = r.analysis[1]
    assert "x* = 3.837, f'' = 8.41, so 2/f'' ≈ 0.238" in note
    assert round(a.minimum[0], 3) == 3.837 and round(a.curvature, 2) == 8.41 and round(a.critical_lr, 3) == 0.238
    assert r.lrs.tolist() == [0.2, 0.3]
    assert r.status[0] == Status.CONVERGED and r.stopped_at[0] == 48 and "flips side" in r.analysis[0].verdict
    assert r.status_text(1) == "in a cycle of 4 points at step 100" and "(error ×−1.523 per step)" in a.verdict


def test_a_linear_regression():
    r, note = run_of("05-a-linear-regression"), SCENES["05-a-linear-regression"].note
    assert r.lrs.tolist() == [0.01, 0.1, 0.001] and SCENES["05-a-linear-regression"].scenario.epochs == 200
    final = {lr: float(r.loss[i, 200]) for i, lr in enumerate(r.lrs)}
    assert f"{final[0.1]:.4f}" == "0.0100" and f"{final[0.01]:.3g}" == "0.106" and f"{final[0.001]:.3g}" == "4.98"
    points = r.problem
    design = np.c_[points.x, np.ones_like(points.x)]
    best, *_ = np.linalg.lstsq(design, points.y, rcond=None)
    assert f"{np.mean((design @ best - points.y) ** 2):.4f}" == "0.0094"
    assert "0.0100 at η = 0.1 (least squares: 0.0094), 0.106 at η = 0.01 and still 4.98 at η = 0.001" in note


def test_a_schedule_rescues_a_large_eta():
    r, note = run_of("06-a-schedule-rescues-a-large-eta"), SCENES["06-a-schedule-rescues-a-large-eta"].note
    assert "error would grow ×1.1 per step" in note and "converges at step 18" in note
    assert r.lrs.tolist() == [1.05] and r.lr[0, 9] == 1.05 and r.lr[0, 10] == 0.525
    assert r.status[0] == Status.CONVERGED and r.stopped_at[0] == 18
    assert "fixed at 1.05 it overshoots and flips side every step, and cannot settle (error ×−1.1" in r.analysis[0].verdict


def test_adam_next_to_sgd():
    r, note = run_of("07-adam-next-to-sgd"), SCENES["07-adam-next-to-sgd"].note
    assert [o.text for o in r.optimizers] == ["sgd", "adam"] and r.lrs.tolist() == [0.3, 0.3]
    assert r.status[0] == Status.CONVERGED and r.stopped_at[0] == 25 and "converges at step 25" in note
    assert round(x_at(r, 1, 10), 2) == 17.02 and "at step 10 it is only at 17.02" in note
    moves = -np.diff(r.x[1, :11, 0])
    assert np.all(np.abs(moves - 0.3) < 0.01)  # Adam's step stays near η far from the minimum


@pytest.mark.parametrize("scene", LESSON.scenes, ids=lambda s: s.file_stem)
def test_every_scene_opens_within_its_run_and_animates_a_bounded_range(scene):
    r = compute(scene.scenario)
    assert scene.step <= int(r.stopped_at.max())  # the note's step is on screen, not clamped away
    first, last = scene.steps_shown
    assert 0 <= first < last <= int(r.stopped_at.max())


def test_the_lessons_ship_in_the_wheel():
    """pyproject's package data takes every built-in lesson (lrtui lesson learning-rate after pip install .)."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["lrtui"]
    package = Path(__file__).parents[1] / "lrtui"
    files = sorted(p.relative_to(package).as_posix() for p in BUILT_IN.iterdir())
    assert files and all(any(fnmatch.fnmatch(f, pattern) for pattern in patterns) for f in files)
