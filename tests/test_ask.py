"""A scene's question: read from [scene.ask], refused in one line naming the scene and the key, and
answered from the scene's result (never by the author), with one sentence built from the verdicts."""

from __future__ import annotations

import textwrap

import pytest

from lrtui.analysis import answers
from lrtui.cli import main
from lrtui.errors import InputError
from lrtui.teaching import ask as asks
from lrtui.teaching.ask import answer, judge, revealed
from lrtui.teaching.lesson import load_lesson
from lrtui.teaching.scenario import Scenario, compute

SCENE = """\
[[scene]]
title = "Too large"
function = "(x-2)^2"
x0 = 10
lr = [0.9, 1, 1.5]
steps = 20
[scene.ask]
"""


def lesson_with(tmp_path, ask: str, scene: str = SCENE):
    path = tmp_path / "asks.toml"
    path.write_text(scene + textwrap.dedent(ask), encoding="utf-8")
    return load_lesson(str(path))


def refusal(tmp_path, ask: str, scene: str = SCENE) -> str:
    with pytest.raises(InputError) as info:
        lesson_with(tmp_path, ask, scene)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{tmp_path / 'asks.toml'}, scene 1 ('Too large'), key ask.")
    return message.split(", key ", 1)[1]


def test_a_question_about_runs_and_one_for_a_number_are_read(tmp_path):
    scene = lesson_with(tmp_path, 'question = "Which diverge?"\nkind = "runs"\nwhich = "diverged"\n').scenes[0]
    assert scene.ask == asks.Ask("Which diverge?", "runs", which="diverged")
    scene = lesson_with(tmp_path, 'kind = "number"\nquantity = "x_at"\nat = 10\nrun = 3\ntolerance = 0.01\n').scenes[0]
    assert scene.ask == asks.Ask("Where is x after 10 steps (η = 1.5)?", "number", quantity="x_at", at=10, run=2,
                                 tolerance=0.01)
    assert scene.ask.allowed == 0.01
    stopped = lesson_with(tmp_path, 'kind = "number"\nquantity = "stopped_at"\n').scenes[0].ask
    assert stopped.allowed == 0.0 and stopped.question == "At which step does η = 0.9 stop?"


@pytest.mark.parametrize("ask, expected", [
    ('kind = "pick"\nwhich = "diverged"\n', "ask.kind: 'pick' is not a kind (valid: runs, number)"),
    ('kind = "runs"\nwhich = "divergd"\n', "ask.which: 'divergd' is not a fact; did you mean diverged? (valid: "
                                          "diverged, converged, left_domain, bouncing, cycle, still_moving, "
                                          "oscillates)"),
    ('kind = "number"\nquantity = "x_att"\n', "ask.quantity: 'x_att' is not a quantity; did you mean x_at?"),
    ('kind = "number"\nquantity = "x_at"\nat = 21\n', "ask.at: 21 is beyond the scene's 20 steps"),
    ('kind = "number"\nquantity = "x_at"\nrun = 4\n', "ask.run: run 4 is beyond the scene's 3 runs (1 to 3)"),
    ('kind = "number"\nquantity = "x_at"\nrun = 0\n', "ask.run: run 0 is beyond the scene's 3 runs (1 to 3)"),
    ('kind = "number"\nquantity = "critical_lr"\ntolerance = 0\n', "ask.tolerance: must be > 0"),
    ('kind = "number"\nquantity = "critical_lr"\ntolerance = -0.1\n', "ask.tolerance: must be > 0"),
    ('kind = "number"\nquantity = "critical_lr"\ntolerance = "5%"\n', "ask.tolerance: must be a number such as 0.05"),
    ('kind = "number"\nquantity = "critical_lr"\nat = 3\n', "ask.at: the step goes with x_at and loss_at, not "
                                                          "critical_lr"),
    ('kind = "runs"\nwhich = "diverged"\nanswer = "1.5"\n', "ask.answer: a question has no key 'answer'"),
    ('kind = "runs"\nwhich = "diverged"\ntolerance = 0.1\n', 'ask.tolerance: goes with kind = "number"'),
    ('kind = "number"\nwhich = "diverged"\n', 'ask.which: goes with kind = "runs"'),
    ('kind = "runs"\n', "ask.which: missing: which fact the runs to pick have"),
    ('which = "diverged"\n', 'ask.kind: missing: kind = "runs" (pick runs) or "number"'),
    ('kind = "runs"\nwhich = "diverged"\nquestion = "Which\\u001b]52;c;eA==\\u0007?"\n',
     "ask.question: has the control character '\\x1b'"),
])
def test_a_bad_question_is_one_line_naming_the_scene_and_the_key(tmp_path, ask, expected):
    assert refusal(tmp_path, ask).startswith(expected)


def test_the_kinds_of_question_that_need_the_scene_shaped_for_them(tmp_path):
    plane = SCENE.replace('"(x-2)^2"', '"x^2 + 3*y^2"').replace("x0 = 10", "x0 = [1, 1]")
    assert refusal(tmp_path, 'kind = "number"\nquantity = "x_at"\n', plane).startswith(
        "ask.quantity: x_at needs one parameter; this scene has 2 (loss_at asks for the loss)")
    many = SCENE.replace("lr = [0.9, 1, 1.5]", "lr = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]")
    assert refusal(tmp_path, 'kind = "runs"\nwhich = "diverged"\n', many).startswith(
        "ask.which: a question about runs picks them with the keys 1–9; this scene has 10 runs")
    with pytest.raises(InputError, match=r"one question per scene: write \[scene.ask\], not \[\[scene.ask\]\]"):
        lesson_with(tmp_path, 'kind = "runs"\nwhich = "diverged"\n', SCENE.replace("[scene.ask]", "[[scene.ask]]"))


def test_noise_floor_needs_noisy_gradients(tmp_path):
    assert refusal(tmp_path, 'kind = "number"\nquantity = "noise_floor"\n').startswith(
        "ask.quantity: noise_floor needs noisy gradients: give the scene noise = σ (a typed function) or, for the "
        "regression, batch_size")
    noisy = SCENE.replace("steps = 20", "steps = 400\nnoise = 1\ntrials = 16\ntol = 0")
    assert lesson_with(tmp_path, 'kind = "number"\nquantity = "noise_floor"\nrun = 2\n', noisy).scenes[0].ask.run == 1


def test_the_noise_floor_is_the_one_measured_and_says_the_prediction():
    floor = compute(Scenario.of("(x-2)^2", x0=2, lrs=[0.1, 1.5], steps=1000, tol=0, noise=1, trials=64))
    ask = asks.Ask("How far above f*?", "number", quantity="noise_floor", run=0, tolerance=0.1)
    truth = answer(ask, floor)
    measured = floor.analysis[0].floor.measured
    assert truth.value == measured and abs(measured - 0.1 / (2 * (2 - 0.2))) < 0.1 * measured  # ησ²/(2(2−ηf''))
    assert truth.words == (f"η = 0.1 settles at f − f* ≈ {answers.number(measured)} (measured over the last fifth "
                           "of the steps, 64 trials); ησ²/(2(2−ηf'')) predicts 0.0277778")
    assert judge(ask, truth, 0.0278, floor).right and not judge(ask, truth, 0.0139, floor).right
    lost = answer(asks.Ask("And η = 1.5?", "number", quantity="noise_floor", run=1), floor)
    assert lost.value is None and lost.none == (
        "η = 1.5 has no noise floor measured: 64 of 64 trials diverged or left the domain: no floor")
    quiet = compute(Scenario.of("(x-2)^2", x0=10, lrs=[0.1], steps=100))
    assert answers.missing(quiet, "noise_floor", 0) == (
        "η = 0.1 has no noise floor: no noisy gradients, or no minimum to measure it from")


def test_the_command_line_says_a_bad_question_in_one_line_and_exits_2(tmp_path, capsys):
    path = tmp_path / "asks.toml"
    path.write_text(SCENE + 'kind = "runs"\nwhich = "exploded"\n', encoding="utf-8")
    assert main(["lesson", "--check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "scene 1 ('Too large'), key ask.which: 'exploded' is not a fact" in err[0]


def test_the_core_and_the_lesson_reader_name_the_same_facts_and_quantities():
    assert asks.FACTS == answers.FACTS and asks.QUANTITIES == answers.QUANTITIES
    assert asks.AT_QUANTITIES == answers.AT_QUANTITIES


# -- the answers ---------------------------------------------------------------------------------------
TOO_LARGE = compute(Scenario.of("(x-2)^2", x0=10, lrs=[0.9, 1, 1.5], steps=20))


def test_the_runs_each_fact_holds_for():
    r = TOO_LARGE
    assert answers.runs_where(r, "diverged") == (2,)
    assert answers.runs_where(r, "bouncing") == (1,)
    assert answers.runs_where(r, "still_moving") == (0,)
    assert answers.runs_where(r, "converged") == ()
    assert answers.runs_where(r, "oscillates") == (0, 1, 2)  # each flips side of x* = 2 every step
    wiggly = compute(Scenario.of("x^2 + 10*sin(x)", x0=3, lrs=[0.2, 0.3], steps=100))
    assert answers.runs_where(wiggly, "cycle") == (1,) and answers.runs_where(wiggly, "converged") == (0,)
    crawl = compute(Scenario.of("(x-2)^2", x0=10, lrs=[0.01, 0.1, 0.5], steps=20, tol=0))
    assert answers.runs_where(crawl, "oscillates") == ()  # from one side, never turning back
    assert answers.runs_where(crawl, "converged") == (2,)  # at rest on x* = 2 from step 1 (tol = 0: no stop rule)
    log = compute(Scenario.of("x - log(x)", x0=2, lrs=[0.5, 10], steps=5))  # η = 10 steps to x = −3
    assert answers.runs_where(log, "left_domain") == (1,)


def test_a_question_about_runs_is_judged_in_one_sentence_from_the_verdicts():
    ask = asks.Ask("Which diverge?", "runs", which="diverged")
    truth = answer(ask, TOO_LARGE)
    assert truth.runs == (2,) and truth.shown == "η = 1.5"
    assert judge(ask, truth, frozenset({2}), TOO_LARGE).words == (
        "right: η = 1.5 flips side and diverges at step 10 (it doubles the error each step)")
    wrong = judge(ask, truth, frozenset({0}), TOO_LARGE)
    assert not wrong.right and wrong.words == (
        "not quite: η = 1.5 flips side and diverges at step 10 (it doubles the error each step); "
        "η = 0.9 flips side and is still moving after 20 steps (the error shrinks ×0.8 each step)")
    assert revealed(truth) == "the answer: η = 1.5 flips side and diverges at step 10 (it doubles the error each step)"


def test_a_question_with_no_right_answer_says_why():
    ask = asks.Ask("Which converge?", "runs", which="converged")
    truth = answer(ask, TOO_LARGE)
    assert truth.none == "no run converged"
    verdict = judge(ask, truth, frozenset(), TOO_LARGE)
    assert not verdict.right and verdict.words.startswith("this question has no right answer: no run converged (")
    stopped = asks.Ask("When does it stop?", "number", quantity="stopped_at", run=0)
    assert answer(stopped, TOO_LARGE).none == "η = 0.9 never stopped: still moving at step 20"
    late = asks.Ask("Where?", "number", quantity="x_at", at=15, run=2)
    assert answer(late, TOO_LARGE).none == "η = 1.5 diverged at step 10, before step 15"


def test_a_number_is_right_within_its_tolerance_and_says_what_the_result_has():
    wiggly = compute(Scenario.of("x^2 + 10*sin(x)", x0=3, lrs=[0.2, 0.3], steps=100))
    ask = asks.Ask("Above which η?", "number", quantity="critical_lr", tolerance=0.05)
    truth = answer(ask, wiggly)
    assert truth.value == pytest.approx(2 / 8.410571, rel=1e-6) and truth.shown == "0.237796"
    assert judge(ask, truth, 0.245, wiggly).right  # 3 % off
    no = judge(ask, truth, 0.25, wiggly)  # 5.1 % off
    assert not no.right and no.words == (
        "not quite: 2/f''(x*) = 0.237796 (f'' = 8.41057 at x* = 3.83747): above it the error grows each step "
        "(you said 0.25; within 5 % counts)")
    stop = asks.Ask("When?", "number", quantity="stopped_at", run=0)
    truth = answer(stop, wiggly)
    assert truth.value == 48 and judge(stop, truth, 48, wiggly).words == "right: η = 0.2 converged at step 48"
    assert not judge(stop, truth, 49, wiggly).right  # a step is exact
    where = asks.Ask("Where?", "number", quantity="x_at", at=20, run=0, tolerance=0.01)
    crawl = compute(Scenario.of("(x-2)^2", x0=10, lrs=[0.01], steps=20))
    assert judge(where, answer(where, crawl), 7.34, crawl).words == (
        "right: η = 0.01 is at x = 7.34086 after 20 steps")
    zero = asks.Ask("Where?", "number", quantity="loss_at", at=1, run=0, tolerance=0.1)
    half = compute(Scenario.of("(x-2)^2", x0=10, lrs=[0.5], steps=5, tol=0))
    assert answer(zero, half).value == 0.0 and judge(zero, answer(zero, half), 0.05, half).right  # absolute at 0


def test_a_run_frozen_by_a_vanishing_eta_has_not_converged():
    frozen = compute(Scenario.of("(x-2)^2", x0=10, lrs=[0.01], steps=60, tol=0, schedule="step:step_size=1,gamma=0.1"))
    assert "at rest at step 60" in frozen.status_text(0)
    assert answers.runs_where(frozen, "converged") == () and answers.runs_where(frozen, "still_moving") == ()
    assert answers.clause(frozen, 0) == "η = 0.01 comes to rest by step 60, short of x* (η has shrunk to nothing)"


def test_a_run_thrown_out_by_a_steep_wall_is_not_said_to_shrink_its_error():
    wall = compute(Scenario.of("cosh(x)", x0=5, lrs=[0.5], steps=20))  # f'(5) = 74.2: x goes to −32.1
    assert answers.runs_where(wall, "diverged") == (0,)
    assert answers.clause(wall, 0) == (
        "η = 0.5 diverges at step 1 (η is below 2/f''(x*) = 2, but far from x* the slope is steeper)")
