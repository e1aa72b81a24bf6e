"""The methods that learn η, and the η every method really uses: η_eff, the verdicts' sentences,
the written step, the JSON and the summary (issue 20)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from test_formula import redo

from lrtui.analysis.effective import eta_eff, settled
from lrtui.analysis.formula import step_formula
from lrtui.analysis.learned import d_eta, d_used, kept_path, kept_point
from lrtui.cli import main
from lrtui.engine.result import Status
from lrtui.errors import InputError
from lrtui.teaching.export import summary_lines, to_json
from lrtui.teaching.scenario import Scenario, compute

LEARNED = ["lion", "lion:weight_decay=0.1", "sf_sgd", "sf_sgd:weight_decay=0.1,warmup_steps=3", "sf_adamw",
           "sf_adamw:weight_decay=0.1", "prodigy", "prodigy:weight_decay=0.1",
           "prodigy:use_bias_correction=true,weight_decay=0.1,decouple=false", "prodigy:beta1=0", "dadapt_sgd",
           "dadapt_sgd:momentum=0.5", "dadapt_sgd:weight_decay=0.1", "dadapt_adam",
           "dadapt_adam:use_bias_correction=true,weight_decay=0.1,decouple=true"]


def quad(optimizer: str, lrs=(0.5,), steps=30, **kw):
    return compute(Scenario.of("(x-2)**2", (10.0,), lrs, steps, optimizers=(optimizer,), **kw))


# -- η_eff ---------------------------------------------------------------------------------------


def test_eta_eff_of_plain_descent_is_eta_k_exactly_even_with_a_schedule():
    res = quad("sgd", (0.1, 0.3), 25, schedule="cosine:t_max=20")
    for r in range(2):
        e = eta_eff(res, r)
        last = int(res.stopped_at[r])
        assert np.array_equal(e[:last, 0], res.lr[r, :last])  # the rule's η, not its rounding
        assert np.isnan(e[last, 0])  # no step from the last record


def test_eta_eff_is_undefined_where_the_slope_is_zero():
    res = compute(Scenario.of("x^2 + y^2", (0.0, 1.0), (0.1,), 5, optimizers=("adam",)))
    e = eta_eff(res, 0)
    assert np.all(np.isnan(e[:5, 0])) and np.all(np.isfinite(e[:5, 1]))  # ∂f/∂x = 0 all along x = 0


def test_adams_eta_eff_is_eta_over_the_root_of_v_hat_times_m_hat_over_g():
    res = quad("adam", (0.1,), 20)
    e = eta_eff(res, 0)
    m, v, g = res.state["m_hat"][0, :20, 0], res.state["v_hat"][0, :20, 0], res.grad[0, :20, 0]
    want = 0.1 / (np.sqrt(v) + 1e-8) * np.abs(m / g)
    np.testing.assert_allclose(e[:20, 0], want, rtol=1e-9)


def test_lions_eta_eff_is_eta_over_the_slope_so_eta_is_not_the_step():
    res = quad("lion", (0.1,), 20)
    e = eta_eff(res, 0)
    np.testing.assert_allclose(e[:20, 0], 0.1 / np.abs(res.grad[0, :20, 0]), rtol=1e-9)
    assert e[0, 0] == pytest.approx(0.1 / 16)


def test_momentums_eta_eff_tends_to_eta_over_one_minus_mu_on_a_plateau():
    # a long gentle slope (f' = 0.01 over x ∈ [0, 100]): the buffer catches up, the step is η·f'/(1 − μ)
    res = compute(Scenario.of("0.01*x", (100.0,), (0.5,), 200, optimizers=("momentum",)))
    e = eta_eff(res, 0)
    assert e[150, 0] == pytest.approx(0.5 / (1 - 0.9), rel=1e-6)
    assert e[0, 0] == pytest.approx(0.5)


def test_settled_reads_the_last_steps():
    res = quad("sgd", (0.1,), 40, tol=0)
    s = settled(res, 0)
    assert s is not None and s[0].steady and s[0].middle == 0.1 and s[0].steps == 10


# -- JSON and the summary --------------------------------------------------------------------------


def test_the_json_steps_carry_eta_eff_a_number_or_a_list_and_null_where_undefined():
    doc = json.loads(to_json(quad("adam", (0.1,), 3)))
    steps = doc["runs"][0]["steps"]
    assert steps[0]["eta_eff"] == pytest.approx(0.1 / 16) and steps[-1]["eta_eff"] is None
    two = json.loads(to_json(compute(Scenario.of("x^2 + 10*y^2", (3.0, 0.0), (0.05,), 2, optimizers=("sgd",)))))
    assert two["runs"][0]["steps"][0]["eta_eff"] == [0.05, None]  # ∂f/∂y = 0 at y = 0
    assert list(two["runs"][0]["steps"][0]) == ["step", "x", "loss", "grad", "lr", "eta_eff"]


def test_the_summary_and_the_verdict_of_a_schedule_free_run_speak_of_x_avg():
    res = quad("sf_sgd", (0.1,), 50)
    line = summary_lines(res)[0]
    avg = kept_point(res, 0)
    assert avg is not None and avg[0] != res.x[0, 50, 0]
    assert line.split("  ")[1].split(" (gradient point")[0].endswith(f"x_avg={avg[0]:.10g} loss(x_avg)="
                                                                     f"{(avg[0] - 2) ** 2:.10g}")
    assert f"its average x_avg, the point it reports, ended at {avg[0]:.4g}" in res.analysis[0].verdict


def test_the_verdict_writes_a_negative_average_with_the_minus_sign_as_the_notes_do():
    res = compute(Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(1.0,), steps=40, optimizers="sf_sgd"))
    verdict = res.analysis[0].verdict
    assert "ended at −1.306 (f = −7.946)" in verdict and "x* = −1.306" in verdict
    assert "-1" not in verdict


def test_the_average_path_starts_at_x0_and_follows_the_state():
    res = quad("sf_adamw", (0.2,), 10)
    path = kept_path(res, 0)
    assert path is not None and path.shape == (11, 1) and path[0, 0] == 10.0
    assert np.array_equal(path[1:, 0], res.state["x_avg"][0, :10, 0])
    assert kept_path(quad("adam"), 0) is None


# -- d --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["prodigy", "dadapt_sgd", "dadapt_adam"])
def test_d_of_each_step_is_d0_then_the_d_after_the_step_before(name):
    res = quad(name, (1.0,), 40)
    d = d_used(res, 0)
    assert d is not None and d[0] == 1e-6 and d[1] == 1e-6  # d̂ = 0 at the first step: d stays d0
    assert np.array_equal(d[1:], res.state["d"][0, :40, 0])
    assert np.array_equal(d_eta(res, 0), d * 1.0)
    assert np.all(np.diff(d) >= 0) and d[-1] > 0.1


def test_the_verdict_says_how_d_grew_and_compares_the_effective_eta():
    res = quad("dadapt_sgd", (1.0,), 60)
    d = d_used(res, 0)
    grew = int(np.flatnonzero(np.diff(d))[-1]) + 1
    verdict = res.analysis[0].verdict
    assert f"d grew from 1e-6 to {d[grew]:.4g} in {grew} steps" in verdict
    assert verdict.endswith("near 1/f'' = 0.5, the fastest fixed η: it converges")


def test_a_sign_method_bouncing_around_x_star_has_its_eta_eff_around_two_over_f2():
    """Lion ends bouncing between x* ± η/2 at best: its η_eff, η/|f'|, is then 2/f'' itself."""
    res = compute(Scenario.of("(x-2)**2", (10.3,), (1.0,), 40, optimizers=("lion",)))
    assert res.status[0] == Status.MAX_STEPS and res.cycle(0) == 2
    assert sorted(res.x[0, -2:, 0]) == pytest.approx([1.3, 2.3], abs=1e-12)
    assert res.analysis[0].verdict.endswith("its effective η ranged from 0.7143 to 1.667 over its last 10 steps, "
                                            "around 2/f'' = 1")


# -- the written step -----------------------------------------------------------------------------


def _sign(text: str) -> float:
    inner = text.removeprefix("sign(").removesuffix(")")
    v = redo(inner)
    return math.copysign(1.0, v) if v else 0.0


@pytest.mark.parametrize("optimizer", LEARNED)
def test_every_new_optimizer_writes_numbers_that_redo_its_step(optimizer):
    res = quad(optimizer, (0.3,), 20, tol=0)
    for k in (0, 1, 5):
        eqs = step_formula(res, 0, k).equations
        for eq in eqs:
            if eq.numbers:
                value = float(eq.value.replace("−", "-"))
                got = _sign(eq.numbers) if eq.numbers.startswith("sign(") else redo(eq.numbers)
                assert got == pytest.approx(value, rel=2e-5, abs=1e-12), eq
        assert float(eqs[-1].value.replace("−", "-")) == pytest.approx(res.x[0, k + 1, 0], rel=5e-6)


@pytest.mark.parametrize("name", ["prodigy", "dadapt_sgd", "dadapt_adam"])
def test_the_step_is_written_with_the_d_it_used(name):
    res = quad(name, (1.0,), 30)
    line = step_formula(res, 0, 9).text()
    d9 = res.state["d"][0, 8, 0]
    assert line.startswith(f"d₉ = {d9:.6g}".replace("e-0", "e-")) and "x₁₀ = x₉ − η·d₉·" in line


def test_schedule_free_writes_the_average_weight_and_z():
    res = quad("sf_sgd", (0.1,), 20)
    line = step_formula(res, 0, 3).text()
    assert line.startswith("c₃ = 0.25; z₄ = z₃ − η·f'(x₃) = ")
    assert "x₄ = x₃ + c₃·(z₃ − x₃) − η·(1 − β·(1 − c₃))·f'(x₃) = " in line


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "message"), [
    ("prodigy:d0=0", "prodigy d0 must be > 0, got 0"),
    ("dadapt_adam:d0=-1e-6", "dadapt_adam d0 must be > 0, got -1e-6"),
    ("lion:beta2=1", "lion beta2 must be in [0, 1), got 1"),
    ("prodigy:beta1=1.5", "prodigy beta1 must be in [0, 1), got 1.5"),
    ("sf_adamw:beta1=1", "sf_adamw beta1 must be in (0, 1), got 1"),
    ("dadapt_sgd:growth_rate=0.9", "dadapt_sgd growth_rate must be ≥ 1, got 0.9"),
    ("prodigy:growth_rate=0", "prodigy growth_rate must be ≥ 1, got 0"),
])
def test_bad_parameters_exit_2_in_one_line(capsys, spec, message):
    code = main(["run", "--function", "(x-2)^2", "--optimizer", spec])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == f"lrtui: --optimizer: {message}\n"


# -- everywhere: a lesson file and the Python API ---------------------------------------------------


def test_a_lesson_scene_and_the_python_api_take_the_new_optimizers(tmp_path):
    from lrtui.teaching.lesson import load_lesson

    path = tmp_path / "lesson.toml"
    path.write_text('title = "No η to choose"\n\n[[scene]]\ntitle = "Prodigy and schedule-free"\n'
                    'note = "d is learned"\npreset = "no-eta"\noptimizer = "prodigy:d0=1e-5; sf_sgd:momentum=0.8"\n',
                    encoding="utf-8")
    scene = load_lesson(str(path)).scenes[0]
    assert [o.text for o in scene.scenario.optimizers] == ["prodigy:d0=1e-5", "sf_sgd:momentum=0.8"]
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "t"\n\n[[scene]]\ntitle = "s"\nnote = "n"\noptimizer = "prodigy:d0=0"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_lesson(str(bad))
    assert "prodigy d0 must be > 0, got 0" in str(info.value) and "\n" not in str(info.value)
    res = compute(Scenario.of("(x-2)^2", 10, [1.0], 20, optimizers="dadapt_adam; lion:beta1=0.5"))
    assert [o.text for o in res.optimizers] == ["dadapt_adam", "lion:beta1=0.5"]
    assert set(res.state) == {"d", "exp_avg"}


@pytest.mark.parametrize("name, what", [("lion", "beta1"), ("prodigy", "beta1"), ("dadapt_sgd", "momentum"),
                                        ("dadapt_adam", "beta1")])
def test_a_schedule_that_cycles_the_momentum_is_refused_in_one_true_line(capsys, name, what):
    """torch's OneCycleLR would write these packages' β1 (momentum): lrtui does not follow it
    there, and says so rather than that torch refuses it."""
    code = main(["run", "-f", "(x-2)^2", "--x0", "10", "--optimizer", name, "--schedule", "onecycle"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"lrtui does not cycle {name}'s {what}" in err and "cycle_momentum=false" in err
    assert main(["run", "-f", "(x-2)^2", "--x0", "10", "--optimizer", name, "--steps", "5",
                 "--schedule", "onecycle:cycle_momentum=false", "--format", "summary"]) == 0


@pytest.mark.parametrize("schedule", ["onecycle", "plateau:patience=1,factor=0.5"])
def test_a_schedule_free_run_keeps_its_eta_and_momentum_under_any_schedule(schedule):
    """A cycled momentum and a schedule that follows the loss apply to the other runs: the
    schedule-free run is the run it is without a schedule, on floats and on arrays alike."""
    scenario = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(0.1, 0.3), steps=60, tol=0,
                           optimizers="sgd; sf_sgd; sf_adamw", schedule=schedule)
    res = compute(scenario)
    alone = compute(scenario.with_(optimizers=scenario.optimizers[1:], schedule=Scenario.of("x").schedule))
    assert np.all(res.lr[2:] == np.array([[0.1], [0.3], [0.1], [0.3]]))
    assert not np.all(res.lr[:2] == res.lrs[:2, None])  # sgd's η_k follows the schedule
    assert np.array_equal(res.x[2:], alone.x) and np.array_equal(res.state["x_avg"][2:], alone.state["x_avg"], equal_nan=True)
    assert "(η fixed: its average replaces" in res.analysis[2].verdict
