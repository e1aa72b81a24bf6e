"""Functions of x and y: `lrtui run` in every format, the presets, and the n-D analysis."""

import csv
import io
import json

import numpy as np
import pytest

from lrtui.cli import main
from lrtui.engine.result import Status
from lrtui.expr import parse_function
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import compute, run

BOWL = ["--function", "x**2 + 10*y**2", "--x0", "3,1", "--lr", "0.01,0.09,0.11"]


def cli(capsys, *argv):
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_x_and_grad_in_the_order_of_parameters(capsys):
    code, out, err = cli(capsys, *BOWL, "--steps", "3", "--format", "json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["parameters"] == ["x", "y"]
    assert doc["derivative"] == "(∂f/∂x, ∂f/∂y) = (2*x, 20*y)"
    first = doc["runs"][0]["steps"][:2]
    assert first[0] == {"step": 0, "x": [3.0, 1.0], "loss": 19.0, "grad": [6.0, 20.0], "lr": 0.01}
    assert first[1]["x"] == pytest.approx([2.94, 0.8], rel=1e-15)
    a = doc["runs"][2]["analysis"]
    assert a["minimum"] == [0.0, 0.0] and a["curvature"] == 20.0 and a["critical_lr"] == pytest.approx(0.1)
    assert a["optimal_lr"] == pytest.approx(2 / 22)
    assert a["curvatures"] == [2.0, 20.0] and a["directions"] == [[1.0, 0.0], [0.0, 1.0]]


def test_csv_columns(capsys):
    code, out, _ = cli(capsys, *BOWL, "--steps", "3", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == ["run", "lr", "step", "x", "y", "loss", "grad_x", "grad_y", "update_x", "update_y"]
    assert len(rows) == 3 * 4
    r = rows[1]  # run 0, step 1
    assert (float(r["x"]), float(r["y"])) == pytest.approx((2.94, 0.8), rel=1e-15)
    assert float(r["update_y"]) == pytest.approx(0.01 * 16.0)


def test_table_shows_both_coordinates_gradients_and_steps(capsys):
    code, out, _ = cli(capsys, *BOWL, "--steps", "3")
    assert code == 0
    assert "f(x, y) = x² + 10y²    ∇f = (∂f/∂x, ∂f/∂y) = (2x, 20y)" in out
    for head in ("∂f/∂x", "∂f/∂y", "η·∂f/∂x", "η·∂f/∂y"):
        assert head in out
    assert "along the steep direction (0, 1) it overshoots and flips side every step, and cannot settle" in out


def test_summary_verdicts_name_the_direction(capsys):
    code, out, _ = cli(capsys, "--preset", "bowl", "--format", "summary")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].endswith(
        "η = 0.01 ≤ 1/λ_max = 0.05, no direction overshoots: along the steep direction (0, 1) it converges "
        "(×0.8 per step), along the shallow one (1, 0) it crawls (×0.98 per step); the shallow one sets the pace "
        "toward x* = (0, 0)"
    )
    assert lines[1].endswith(
        "η = 0.09 between 1/λ_max = 0.05 and 2/λ_max = 0.1: along the steep direction (0, 1) it overshoots and "
        "flips side every step, and converges (×−0.8 per step), along the shallow one (1, 0) it converges "
        "(×0.82 per step); the shallow one sets the pace toward x* = (0, 0)"
    )
    assert lines[2].endswith(
        "η = 0.11 > 2/λ_max = 0.1: along the steep direction (0, 1) it overshoots and flips side every step, and "
        "diverges (×−1.2 per step), while along the shallow one (1, 0) it converges (×0.78 per step)"
    )


def test_x0_needs_two_numbers(capsys):
    code, _, err = cli(capsys, "--function", "x**2 + y**2", "--x0", "3")
    assert code == 2 and "x0 needs 2 numbers (x, y), got 1" in err and len(err.strip().splitlines()) == 1


def test_bowl_preset_statuses():
    res = compute(PRESETS["bowl"].scenario)
    assert res.status == [Status.MAX_STEPS, Status.MAX_STEPS, Status.DIVERGED]
    assert res.x[0, -1, 0] > 0.3  # η = 0.01 still crawling along x
    assert abs(res.x[1, 100, 0]) < 1e-7  # 0.09 gets there
    k = res.stopped_at[2]
    assert abs(res.x[2, k, 1]) > 100 and abs(res.x[2, k, 0]) < 1e-3  # off along y, x still shrinking


def test_critical_and_optimal_in_2d_are_eigenvalue_rules():
    res = run(parse_function("x**2 + 10*y**2"), [3.0, 1.0], [0.05, 0.0909], 300)
    for a in res.analysis:
        assert a.critical_lr == pytest.approx(2 / 20) and a.optimal_lr == pytest.approx(2 / (2 + 20))


def test_a_rotated_bowl_names_its_eigen_directions():
    # (x+y)²/2·… : Hessian [[11, 9], [9, 11]] has λ = 2 along (1, −1)/√2 and 20 along (1, 1)/√2
    res = run(parse_function("5.5*x**2 + 9*x*y + 5.5*y**2"), [1.0, 0.0], [0.11], 100)
    a = res.analysis[0]
    assert a.curvature == pytest.approx(20.0) and a.critical_lr == pytest.approx(0.1)
    assert "steep direction (0.7071, 0.7071)" in a.verdict
    assert "(0.7071, −0.7071)" in a.verdict


def test_rosenbrock_critical_is_2_over_lambda_max_at_1_1():
    res = compute(PRESETS["rosenbrock"].scenario)
    lam_max = (1002 + np.sqrt(1002**2 - 4 * 400)) / 2  # Hessian [[802, −400], [−400, 200]]
    assert res.status[:3] == [Status.MAX_STEPS] * 3 and res.status[3] == Status.DIVERGED
    for a in res.analysis:
        assert a.minimum == pytest.approx((1.0, 1.0), abs=1e-12)
        assert a.critical_lr == pytest.approx(2 / lam_max, rel=1e-12)
    assert res.loss[1, -1] < 1e-10  # 0.0015 reaches (1, 1)
    assert "cannot settle at x* = (1, 1) (×−1.003 per step)" in res.analysis[2].verdict
    assert "crawls (×0.9998 per step)" in res.analysis[0].verdict and "still far" not in res.analysis[0].verdict


def test_saddle_has_no_minimum_and_says_so():
    res = compute(PRESETS["saddle"].scenario)
    assert res.status == [Status.MAX_STEPS, Status.DIVERGED, Status.DIVERGED]
    for a in res.analysis:
        assert a.minimum is None and a.critical_lr is None
        assert a.verdict.startswith("f has no minimum at all: its only stationary point, (0, 0), is a saddle")
        assert "slides away along (0, 1)" in a.verdict
        assert a.saddle == (0.0, 0.0)
    k = res.stopped_at[1]
    assert abs(res.x[1, k, 1]) > 1e5 and abs(res.x[1, k, 0]) < 1e-6  # it ran off along y


def test_a_run_exactly_on_the_ridge_is_told_so():
    res = run(parse_function("x**2 - y**2"), [2.0, 0.0], [0.1], 20)
    assert "started exactly on the ridge" in res.analysis[0].verdict


def test_one_dimensional_verdicts_are_unchanged():
    res = run(parse_function("(x-2)**2"), [10.0], [0.5], 20)
    assert res.analysis[0].as_dict() == {
        "minimum": 2.0,
        "curvature": 2.0,
        "critical_lr": 1.0,
        "optimal_lr": 0.5,
        "verdict": "η = 0.5 = 1/f'': reaches the minimum in one step",
    }


def test_a_saddle_within_rounding_of_the_origin_is_named_at_the_origin():
    from lrtui.teaching.scenario import Scenario, compute

    # Newton's steps from (0.5, 0.01) land at (−5e-298, 5e-298): the verdict must say (0, 0)
    res = compute(Scenario.of("x^2 - y^2 + 1e-300*(x+1)^1000*(y+1)^1000", (0.5, 0.01), (0.1,), 20))
    analysis = res.analysis[0]
    assert analysis.saddle == (0.0, 0.0)
    assert "(0, 0) is a saddle point" in analysis.verdict
