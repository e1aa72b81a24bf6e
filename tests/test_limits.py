"""What one computation may ask for: at most 64 runs, and a record budget that counts what each
record keeps (x and ∇f per parameter, f, the optimizer's state, η_k, the problem's extras)."""

import pytest

from lrtui.cli import main
from lrtui.engine.checks import check_budget, record_numbers
from lrtui.errors import InputError
from lrtui.expr import parse_function
from lrtui.limits import MAX_NUMBERS, MAX_RUNS
from lrtui.models.linreg import build_linreg
from lrtui.optim.registry import parse_optimizer, parse_schedule
from lrtui.optim.schedules.constant import CONSTANT
from lrtui.optim.sgd import PLAIN
from lrtui.teaching.scenario import Scenario, compute


@pytest.mark.parametrize(
    ("function", "optimizers", "schedule", "numbers"),
    [
        ("x^2", ["sgd"], "constant", 3),  # x, ∇f, f
        ("x^2", ["momentum"], "constant", 4),  # + the momentum buffer
        ("x^2", ["adam"], "constant", 5),  # + m̂, v̂
        ("x^2 + y^2", ["sgd"], "constant", 5),  # x and ∇f have 2 numbers each
        ("x^2 + y^2", ["adam"], "constant", 9),
        ("x^2 + y^2", ["adam:amsgrad=true"], "step:step_size=5", 12),  # + max v̂, + η_k
        ("x^2 + y^2", ["rmsprop:centered=true,momentum=0.5"], "cosine:t_max=10", 12),
        ("x^2", ["sgd", "adam", "adagrad"], "constant", 6),  # every run holds every optimizer's state
    ],
)
def test_a_record_keeps_x_the_gradient_f_the_state_and_the_schedule(function, optimizers, schedule, numbers):
    f = parse_function(function)
    opts = [parse_optimizer(o) for o in optimizers]
    n, what = record_numbers(f, len(f.parameters), opts, parse_schedule(schedule))
    assert n == numbers
    assert what.startswith("x") and ("η_k" in what) == (schedule != "constant")


def test_the_regression_keeps_its_epoch_too():
    problem = build_linreg(None, 0, None)
    assert record_numbers(problem, 2, [PLAIN], CONSTANT) == (6, "x (2), ∇f (2), f, epoch")


def test_the_largest_computations_fit_the_budget_and_one_more_run_does_not():
    check_budget(19, 1_000_000, 3)  # sgd, one parameter: 19 η × a million steps
    check_budget(6, 1_000_000, 9)  # adam, two parameters
    with pytest.raises(InputError, match="too much to record") as err:
        check_budget(7, 1_000_000, 9, "x (2), ∇f (2), f, m_hat (2), v_hat (2)")
    message = str(err.value)
    assert "9 numbers" in message and f"{MAX_NUMBERS:,}" in message
    assert "at most 952,379 steps for 7 runs" in message and err.value.field == "steps"
    check_budget(7, 952_379, 9)  # what the message offers fits, one step more does not
    with pytest.raises(InputError):
        check_budget(7, 952_380, 9)


def test_adam_with_two_parameters_is_refused_where_sgd_with_one_is_not():
    bowl = "x^2 + 10 y^2"
    with pytest.raises(InputError, match="each record keeps 9 numbers"):
        compute(Scenario.of(function=bowl, x0=(3.0, 1.0), lrs=(0.1,) * 7, steps=1_000_000, optimizers=("adam",)))
    check_budget(7, 1_000_000, 3)  # the same runs of plain descent in one parameter fit


def test_runs_are_capped_with_one_clear_line():
    with pytest.raises(InputError) as err:
        compute(Scenario.of(lrs=(0.1, 0.2, 0.3), optimizers=("adam",) * 22))
    assert str(err.value) == f"too many runs: 3 η × 22 optimizers = 66 runs, at most {MAX_RUNS}"
    assert err.value.field == "optimizer"
    compute(Scenario.of(lrs=(0.1, 0.2), optimizers=("adam",) * 32, steps=2))  # 64 runs: allowed


def test_two_thousand_optimizer_flags_are_refused_at_once(capsys):
    argv = ["run", "--steps", "5"]
    for _ in range(2000):
        argv += ["--optimizer", "adam"]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "lrtui: --optimizer: too many runs: 3 η × 2,000 optimizers = 6,000 runs, at most 64"


def test_a_sweep_is_bounded_by_its_work(capsys):
    from lrtui.engine.finals import FinalRecorder

    FinalRecorder.check_budget(200, 1_000_000)  # the app's w on a million-step scenario
    assert main(["sweep", "--points", "10000", "--steps", "1000000"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == (
        "lrtui: 10,000 η × 1,000,000 steps is too much work for a sweep: at most 200,000,000 run-steps "
        "(20,000 steps for 10,000 η)"
    )
