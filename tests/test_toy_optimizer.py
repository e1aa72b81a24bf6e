"""An optimizer written in one module (tests/toy_optimizer.py) reaches every front end once it is
registered: the parser and its messages, the engine on arrays and on floats, the command line, the
app, the formula line and the JSON — with no edit anywhere else."""

from __future__ import annotations

import json

import numpy as np
import pytest
from toy_optimizer import SignDescent

from lrtui.analysis.formula import step_formula
from lrtui.engine.descent import run
from lrtui.errors import InputError
from lrtui.expr import parse_function
from lrtui.optim.optimizer import Optimizer
from lrtui.optim.registry import parse_optimizer, registered
from lrtui.teaching.scenario import Scenario, compute

UNKNOWN = ("unknown optimizer 'toy'; valid: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adadelta, adamax, "
           "nadam, radam, rprop, asgd")


@pytest.fixture
def toy():
    """The toy optimizer, registered for one test only."""
    with registered(SignDescent):
        yield SignDescent


def sign_descent(x0: float, lr: float, steps: int, scale: float = 1.0) -> list[float]:
    """(x − 2)² by hand: x moves c·η against the sign of its slope."""
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - scale * lr * float(np.sign(2 * (xs[-1] - 2))))
    return xs


def test_registering_adds_the_name_and_unregistering_takes_it_away():
    with pytest.raises(InputError) as info:
        parse_optimizer("toy")
    assert str(info.value) == UNKNOWN
    with registered(SignDescent):
        opt = parse_optimizer(" TOY:scale=2 ")
        assert isinstance(opt, SignDescent) and opt.text == "toy:scale=2" and opt.params == {"scale": 2.0}
        with pytest.raises(InputError) as info:
            parse_optimizer("tooy")
        assert str(info.value).endswith("valid: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adadelta, "
                                        "adamax, nadam, radam, rprop, asgd, toy")
        with pytest.raises(InputError) as info:
            parse_optimizer("toy:scale=0")
        assert str(info.value) == "toy scale must be > 0, got 0"
        with pytest.raises(ValueError):  # twice is a mistake, said at once
            with registered(SignDescent):
                pass
    with pytest.raises(InputError) as info:
        parse_optimizer("toy")
    assert str(info.value) == UNKNOWN


def test_the_engine_runs_it_the_same_on_floats_and_on_arrays(toy):
    f = parse_function("(x-2)^2 + y^2")
    opts = [parse_optimizer("toy:scale=0.5")]
    a = run(f, [10.0, -3.0], [0.1, 0.3], 40, tol=0, optimizers=opts, path="arrays")
    b = run(f, [10.0, -3.0], [0.1, 0.3], 40, tol=0, optimizers=opts, path="floats")
    assert np.array_equal(a.x, b.x) and np.array_equal(a.state["sign"], b.state["sign"], equal_nan=True)
    assert a.x[0, 1].tolist() == [10.0 - 0.05, -3.0 + 0.05]


def test_the_command_line_runs_it_and_the_json_keeps_its_state(toy, capsys):
    from lrtui.cli import main

    argv = ["run", "--function", "(x-2)^2", "--x0", "10", "--lr", "0.5", "--steps", "30",
            "--optimizer", "toy:scale=2", "--format", "json"]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    (only,) = doc["runs"]
    assert only["optimizer"] == "toy:scale=2"
    steps = only["steps"]
    assert [s["x"] for s in steps] == sign_descent(10.0, 0.5, len(steps) - 1, scale=2.0)
    assert steps[0]["state"] == {"sign": 1.0}
    assert main(["run", "--function", "(x-2)^2", "--x0", "10", "--lr", "0.5", "--steps", "3",
                 "--optimizer", "toy"]) == 0
    out = capsys.readouterr().out
    assert "first step: s₀ = sign(f'(x₀)) = sign(16) = 1; x₁ = x₀ − c·η·s₀ = 10 − 1 × 0.5 × 1 = 9.5" in out


def test_the_formula_line_is_the_toys_own(toy):
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=("toy",)))
    assert step_formula(res, 0, 0).text() == (
        "s₀ = sign(f'(x₀)) = sign(16) = 1; x₁ = x₀ − c·η·s₀ = 10 − 1 × 0.1 × 1 = 9.9; f: 64 → 62.41 ↓")
    assert res.x[0, :, 0].tolist() == pytest.approx(sign_descent(10.0, 0.1, 20))


class ArraysOnly(SignDescent):
    """The toy with its array rule only: no rule on floats, no written arithmetic."""

    TABLE = {"toy_arrays": {"scale": SignDescent.TABLE["toy"]["scale"]}}
    on_floats = Optimizer.on_floats
    write = Optimizer.write


def test_the_array_rule_alone_is_enough():
    with registered(ArraysOnly):
        f = parse_function("(x-2)^2 + y^2")
        opts = [parse_optimizer("toy_arrays")]
        a = run(f, [10.0, -3.0], [0.1, 0.3], 40, tol=0, optimizers=opts, path="arrays")
        b = run(f, [10.0, -3.0], [0.1, 0.3], 40, tol=0, optimizers=opts, path="floats")  # each step on arrays
        assert np.array_equal(a.x, b.x) and np.array_equal(a.state["sign"], b.state["sign"], equal_nan=True)
        res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=("toy_arrays",)))
        assert step_formula(res, 0, 0).text() == "s₀ = 1; x₁ = x₀ − Δ = 10 − 0.1 = 9.9; f: 64 → 62.41 ↓"


async def test_the_app_computes_runs_with_it(toy, tmp_path, monkeypatch):
    from textual.widgets import Input

    from lrtui.app.app import LrtuiApp
    from lrtui.app.render import settle
    from lrtui.app.widgets.step_formula import StepFormula
    from lrtui.app.widgets.step_table import StepTable
    from lrtui.teaching.presets import preset

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = LrtuiApp(preset("quadratic").scenario, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        field = app.query_one("#optimizer", Input)
        field.focus()
        field.value = "toy"
        await settle(app, pilot)
        assert not field.has_class("-bad")
        await pilot.press("enter")
        await settle(app, pilot)
        res = app.main.scene.result
        assert {o.text for o in res.optimizers} == {"toy"}
        lr = float(res.lrs[0])
        last = int(res.stopped_at[0])
        assert res.x[0, : last + 1, 0].tolist() == pytest.approx(sign_descent(10.0, lr, last))
        assert "sign" in app.query_one(StepTable)._lines()[0].text.split()
        line = app.query_one(StepFormula).render().plain
        assert "s₀ = sign(f'(x₀))" in line and "x₁ = x₀ − c·η·s₀" in line


def test_the_docs_show_this_very_toy():
    from pathlib import Path

    import toy_optimizer

    doc = (Path(__file__).parents[1] / "docs" / "optimizers" / "adding.md").read_text(encoding="utf-8")
    source = Path(toy_optimizer.__file__).read_text(encoding="utf-8")
    shown = doc[doc.index("class SignDescent"):]
    shown = shown[: shown.index("```")]
    assert shown == source[source.index("class SignDescent"):]
