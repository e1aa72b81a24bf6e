"""A scenario holds values, each read from its text once: the function parsed, the data file read,
the optimizers and the schedule built; equal inputs make equal scenarios, whatever their spelling."""

import re
from pathlib import Path

import pytest

import lrtui.expr.function
import lrtui.models.data
import lrtui.optim.registry
from lrtui.errors import Field, InputError
from lrtui.teaching.choices import OptimizerChoice, ScheduleChoice
from lrtui.teaching.keys import scenario_of
from lrtui.teaching.lesson import load_lesson
from lrtui.teaching.model import FunctionModel, Regression
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import Scenario, compute

ROOT = Path(__file__).resolve().parents[1]


def counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_each_text_is_read_once_however_often_the_scenario_runs(monkeypatch):
    functions = counting(monkeypatch, lrtui.expr.function, "parse_function")
    optimizers = counting(monkeypatch, lrtui.optim.registry, "parse_optimizer")
    schedules = counting(monkeypatch, lrtui.optim.registry, "parse_schedule")
    s = scenario_of({"function": "x^2 + 3", "x0": "2", "lr": "0.1, 0.2", "optimizer": ["sgd", "adam"],
                     "schedule": "step:step_size=5"})
    assert (functions, optimizers, schedules) == (["x^2 + 3"], ["sgd", "adam"], ["step:step_size=5"])
    first, again = compute(s), compute(s)
    assert first.runs == again.runs == 4 and first.problem is again.problem  # the very function, not re-read
    assert len(functions) == 1 and len(optimizers) == 2 and len(schedules) == 1


def test_the_csv_file_is_read_once_by_a_lesson_its_budget_its_runs_and_a_sweep(tmp_path, monkeypatch):
    from lrtui.analysis.sweep import sweep

    (tmp_path / "points.csv").write_text("x,y\n0,1\n1,3\n2,5\n3,7\n", encoding="utf-8")
    (tmp_path / "fit.toml").write_text('[[scene]]\nmodel = "linreg"\ndata = "points.csv"\nbatch_size = 2\n'
                                       'epochs = 3\nlr = 0.05\n', encoding="utf-8")
    reads = counting(monkeypatch, lrtui.models.data, "load_csv")
    (scene,) = load_lesson(str(tmp_path / "fit.toml")).scenes
    assert scene.scenario.steps == 6  # 3 epochs of 2 minibatches: the file was read to know that
    compute(scene.scenario)
    compute(scene.scenario.with_(lrs=(0.1,)))
    sweep(scene.scenario.problem(), scene.scenario.x0, 1e-3, 0.1, 5, scene.scenario.steps)
    assert reads == [str(tmp_path / "points.csv")]


def test_a_bad_data_file_is_refused_where_the_scenario_is_read(tmp_path):
    with pytest.raises(InputError) as err:
        scenario_of({"model": "linreg", "data": str(tmp_path / "missing.csv")})
    assert err.value.field is Field.DATA and str(err.value).endswith("missing.csv: no such file")


def test_equal_inputs_make_equal_scenarios_whatever_their_spelling():
    typed = scenario_of({"function": " (x-2)**2 ", "optimizer": "SGD", "schedule": "NONE"})
    assert typed == Scenario() and hash(typed) == hash(Scenario())
    assert OptimizerChoice.parse("sgd:momentum=0.9") == OptimizerChoice.known("momentum")
    assert OptimizerChoice.parse("adam:beta1=0.9") != OptimizerChoice.parse("adam:beta1=0.8")
    assert ScheduleChoice.parse("step:gamma=0.1,step_size=10") == ScheduleChoice.known("step:step_size=10")
    assert FunctionModel.parse("x^2") != FunctionModel.parse("x**2")  # a function is kept as typed
    assert Regression(None, 0, 10) == Regression(None, 0, 10) != Regression(None, 1, 10)
    # a run's inputs are a key: the same run asked twice is one entry
    assert len({(s.model, s.x0, s.lrs[0], s.optimizers[0], s.schedule, s.steps, s.tol) for s in (typed, Scenario())}) == 1


@pytest.mark.parametrize("name", ["default", *PRESETS])
def test_lrtuis_own_texts_are_already_canonical(name):
    """A preset's texts are read on first use: each must read, and read back as itself."""
    s = Scenario() if name == "default" else PRESETS[name].scenario
    if s.model.is_function:
        assert FunctionModel.parse(s.model.text).text == s.model.text
    assert [OptimizerChoice.parse(o.text).text for o in s.optimizers] == [o.text for o in s.optimizers]
    assert ScheduleChoice.parse(s.schedule.text).text == s.schedule.text
    assert s.model.problem() is not None and s.schedule.value.text == s.schedule.text


def test_a_scenario_from_python_values():
    s = Scenario.of("(x-2)^2", x0=10, lrs=[0.01, 0.1], steps=20, optimizers="sgd; adam:beta1=0.8",
                    schedule="step:step_size=5")
    assert (s.function, s.x0, s.lrs, s.steps) == ("(x-2)^2", (10.0,), (0.01, 0.1), 20)
    assert [o.text for o in s.optimizers] == ["sgd", "adam:beta1=0.8"] and s.schedule.text == "step:step_size=5"
    fit = Scenario.of(model="linreg", x0=(0, 0), lrs=[0.1], batch_size=10, epochs=5)
    assert fit.function is None and fit.steps == 50 and fit.model.batch_size == 10
    with pytest.raises(InputError, match="unknown optimizer 'adma'") as err:
        Scenario.of(optimizers=["adma"])
    assert err.value.field is Field.OPTIMIZER


def test_a_scenario_from_the_command_lines_keys():
    s = Scenario.from_text(preset="wiggly", lr=[0.05, 0.3], optimizer=["sgd", "momentum"], tol=0)
    assert s == PRESETS["wiggly"].scenario.with_(
        lrs=(0.05, 0.3), tol=0.0, optimizers=(OptimizerChoice.known("sgd"), OptimizerChoice.known("momentum")))
    with pytest.raises(InputError, match=r'^batch_size applies only to model = "linreg"$'):
        Scenario.from_text(batch_size=10)


def test_every_field_named_in_an_error_is_a_field():
    """InputError reads its field's text as a Field: a name that is none would end in a traceback."""
    named = set()
    for path in (ROOT / "lrtui").rglob("*.py"):
        named |= set(re.findall(r'field="(\w+)"', path.read_text(encoding="utf-8")))
    assert named <= {f.value for f in Field}, named - {f.value for f in Field}
