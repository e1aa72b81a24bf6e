"""Every number in every built-in lesson's notes agrees with what its scene computes (a generic checker,
lrtui.teaching.notes), and the checker catches a number that does not."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lrtui.teaching.lesson import built_in_names, load_lesson
from lrtui.teaching.notes import check_note, quoted_numbers, unread_agree
from lrtui.teaching.scenario import Scenario, compute

SCENES = [(name, scene) for name in built_in_names() for scene in load_lesson(name).scenes]


@pytest.mark.parametrize("name, scene", SCENES, ids=[f"{n}-{s.file_stem}" for n, s in SCENES])
def test_every_number_of_a_built_in_note_agrees_with_the_computation(name, scene):
    assert scene.note, f"{name}, scene {scene.number}: every built-in scene has a note"
    result = compute(scene.scenario)
    check = check_note(scene, result)
    assert [d.words() for d in check.disagreements] == []
    assert [q.text for q in unread_agree(scene, result, check)] == []  # the others agree with some fact
    assert check.agreed, "the words around some number say what it is"


def test_every_built_in_lesson_asks_and_has_a_right_answer():
    from lrtui.teaching.ask import answer

    for name in built_in_names():
        lesson = load_lesson(name)
        asking = [s for s in lesson.scenes if s.ask is not None]
        assert asking, f"{name} asks nothing"
        for scene in asking:
            truth = answer(scene.ask, compute(scene.scenario))
            assert truth.none is None, f"{name}, scene {scene.number}: {truth.none}"


SCENE = load_lesson("learning-rate").scenes[2]  # Too large: (x-2)^2 from 10, η = 0.9, 1, 1.5, 20 steps
RESULT = compute(SCENE.scenario)


@pytest.mark.parametrize("note, expected", [
    ("η = 1.5 diverges at step 11.", "the note says the step a run stopped at is 11; computed: 10"),
    ("η = 0.7 bounces.", "the note says η is 0.7; computed: 0.5, 0.9, 1"),
    ("Near x* = 2.5 the error grows.", "the note says x* is 2.5; computed: 2"),
    ("So 2/f'' = 1.2 is the limit.", "the note says 2/f'' (η's limit) is 1.2; computed: 1"),
    ("After 10 steps x is still 2.87 for η = 0.9.", "the note says x after 10 steps is 2.87; computed: 2.85899, 10, 8194"),
    ("After 30 steps it is gone.", "the note says a step (the scene has 20 steps) is 30; computed: none"),
    ("The error shrinks ×0.7 per step.", "the note says the error's factor per step is 0.7; computed: 0.8, 1, 2"),
    ("η = 1 ends in a cycle of 3 points.", "the note says a cycle's number of points is 3; computed: 2"),
])
def test_a_number_that_disagrees_is_caught_with_what_was_computed(note, expected):
    check = check_note(replace(SCENE, note=note), RESULT)
    assert [d.words() for d in check.disagreements] == [expected]


def test_digits_as_written_and_about_and_formulas():
    assert [q.text for q in quoted_numbers("2/f'' ≈ 0.24, (x−2)² from x0 = 10, error ×−0.8, 2 %, 1,000 steps")] == \
        ["2", "0.24", "2", "10", "−0.8", "2 %", "1,000"]
    wiggly = replace(load_lesson("learning-rate").scenes[3], note="At x* = 3.837, 2/f'' ≈ 0.23 (x² + 10·sin(x)).")
    result = compute(wiggly.scenario)  # 2/f'' = 0.2378
    check = check_note(wiggly, result)
    assert not check.disagreements and [q.text for q in check.formula] == ["2", "10"]  # ≈: one unit either side
    exact = replace(wiggly, note="At x* = 3.837, 2/f'' = 0.23.")  # half a unit: 0.2378 is written 0.24
    assert [d.quoted.text for d in check_note(exact, result).disagreements] == ["0.23"]
    assert not check_note(replace(wiggly, note="2/f'' = 0.24."), result).disagreements


def test_a_regression_note_reads_epochs_as_steps_of_batches():
    scene = replace(load_lesson("learning-rate").scenes[4])
    batched = replace(scene, scenario=Scenario.of(model="linreg", x0=(0, 0), lrs=[0.1], batch_size=10, epochs=5),
                      note="After 5 epochs the loss is 0.5 at η = 0.1.")
    result = compute(batched.scenario)
    check = check_note(batched, result)
    loss = float(result.loss[0, 50])  # 5 epochs of 10 batches
    assert [d.computed[0] for d in check.disagreements] == [pytest.approx(loss)]


def test_an_effective_eta_is_read_at_its_step():
    adam = load_lesson("momentum-and-adam").scenes[4]  # (x-2)^2 from 10, sgd and adam at η = 0.5
    result = compute(adam.scenario)
    right = check_note(replace(adam, note="Adam's η_eff is 0.03125 at step 0."), result)
    assert right.disagreements == [] and ("0.03125", "η_eff at step 0") in [(q.text, w) for q, w in right.agreed]
    wrong = check_note(replace(adam, note="After 10 steps its η_eff, the step per unit of slope, is 0.5."), result)
    assert [d.words() for d in wrong.disagreements] == ["the note says η_eff at step 10 is 0.5; computed: 0.069217"]


def test_a_noise_floor_is_read_against_the_prediction_and_the_measurement():
    floors = load_lesson("noise").scenes[0]  # (x-2)^2 from x* = 2, η = 0.1, 0.05, 0.025, σ = 1, 256 trials
    result = compute(floors.scenario)
    assert check_note(replace(floors, note="At η = 0.1 the floor is 0.0278."), result).disagreements == []
    wrong = check_note(replace(floors, note="At η = 0.1 the floor is 0.05."), result)
    assert [(d.what, d.quoted.text) for d in wrong.disagreements] == [("a noise floor", "0.05")]
