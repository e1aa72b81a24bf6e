"""The built-in lesson on noisy gradients tells the truth: every number in its notes, against the run it describes."""

from __future__ import annotations

import numpy as np
import pytest

from lrtui.teaching.lesson import load_lesson
from lrtui.teaching.scenario import compute

LESSON = load_lesson("noise")
SCENES = {scene.file_stem: scene for scene in LESSON.scenes}


@pytest.fixture(scope="module")
def runs():
    return {stem: compute(scene.scenario) for stem, scene in SCENES.items()}


def test_it_has_six_scenes_each_with_a_note():
    assert list(SCENES) == ["01-a-floor-proportional-to-eta", "02-a-constant-eta-stays-on-its-floor",
                            "03-cosine-decay-goes-below-it", "04-minibatches-of-1", "05-minibatches-of-8",
                            "06-minibatches-of-64"]
    assert all(scene.note for scene in LESSON.scenes)


def test_a_floor_proportional_to_eta(runs):
    r, note = runs["01-a-floor-proportional-to-eta"], SCENES["01-a-floor-proportional-to-eta"].note
    assert r.lrs.tolist() == [0.1, 0.05, 0.025] and r.trials.trials == 256 and r.noise.sigma == 1
    floors = [a.floor for a in r.analysis]
    said = [(f"{f.predicted:.3g}", f"{f.measured:.3g}") for f in floors]
    assert said == [("0.0278", "0.0278"), ("0.0132", "0.013"), ("0.00641", "0.00631")]
    assert ("0.0278 at η = 0.1 (0.0278 measured), 0.0132 at 0.05 (0.013) and 0.00641 at 0.025 (0.00631)" in note)


def test_a_constant_eta_stays_on_its_floor(runs):
    r, note = runs["02-a-constant-eta-stays-on-its-floor"], SCENES["02-a-constant-eta-stays-on-its-floor"].note
    assert r.schedule.is_constant and r.lrs.tolist() == [0.1] and r.steps == 400
    f = r.analysis[0].floor
    assert f.settled and f"{f.measured:.3g}" == "0.0268" and f"{f.predicted:.3g}" == "0.0278"
    assert "0.0268 over the last fifth of 400 steps, 0.0278 predicted" in note


def test_cosine_decay_goes_below_it(runs):
    r, note = runs["03-cosine-decay-goes-below-it"], SCENES["03-cosine-decay-goes-below-it"].note
    constant = runs["02-a-constant-eta-stays-on-its-floor"]
    assert not r.schedule.is_constant and r.lr[0, -1] < 1e-5
    mean = r.trials.mean[0]
    assert [f"{mean[k]:.3g}" for k in (50, 200, 400)] == ["0.0302", "0.0126", "0.00237"]
    assert "(0.0302 at step 50)" in note and "0.0126 at step 200, 0.00237 at step 400" in note
    held = constant.trials.mean[0, 320:].mean()
    assert mean[400] < held / 10 < mean[200]  # "a tenth of what the constant η holds"


@pytest.mark.parametrize("stem, said", [("04-minibatches-of-1", "0.00149"), ("05-minibatches-of-8", "0.000143"),
                                        ("06-minibatches-of-64", "0.00000645")])
def test_minibatches(runs, stem, said):
    r, note = runs[stem], SCENES[stem].note
    batch = int(stem.rsplit("-", 1)[1])
    assert r.problem.batch_size == batch and r.lrs.tolist() == [0.1] and r.steps == 2000
    assert float(said) == float(f"{r.analysis[0].floor.measured:.3g}") and f"{said} above" in note


def test_the_floor_falls_tenfold_at_8_and_230_fold_at_64(runs):
    floors = [runs[stem].analysis[0].floor.measured for stem in
              ("04-minibatches-of-1", "05-minibatches-of-8", "06-minibatches-of-64")]
    assert round(floors[0] / floors[1]) == 10 and round(floors[0] / floors[2], -1) == 230
    assert "tenfold" in SCENES["05-minibatches-of-8"].note and "1/230" in SCENES["06-minibatches-of-64"].note


@pytest.mark.parametrize("scene", LESSON.scenes, ids=lambda s: s.file_stem)
def test_every_scene_opens_within_its_run_and_animates_a_bounded_range(runs, scene):
    r = runs[scene.file_stem]
    assert scene.step <= int(r.stopped_at.max())
    first, last = scene.steps_shown
    assert 0 <= first < last <= int(r.stopped_at.max())
    assert np.isfinite(r.loss).all()
