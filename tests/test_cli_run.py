"""`lrtui run`: every format, and every bad-input path (exit 2, one line, no traceback)."""

import csv
import io
import json
import subprocess
import sys

import pytest

from lrtui.cli import main


def run_cli(capsys, *argv):
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys):
    code, out, err = run_cli(capsys, "--function", "(x-2)^2", "--x0", "10", "--lr", "0.01,0.1,0.5", "--steps", "20", "--format", "json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["function"] == "(x-2)^2"
    assert doc["derivative"] == "2*x - 4"
    assert doc["parameters"] == ["x"]
    assert [r["lr"] for r in doc["runs"]] == [0.01, 0.1, 0.5]
    third = doc["runs"][2]
    assert third["status"] == "converged" and third["stopped_at"] == 1
    assert third["analysis"] == {
        "minimum": 2.0,
        "curvature": 2.0,
        "critical_lr": 1.0,
        "optimal_lr": 0.5,
        "verdict": "η = 0.5 = 1/f'': reaches the minimum in one step",
    }
    assert third["steps"] == [
        {"step": 0, "x": 10.0, "loss": 64.0, "grad": 16.0, "lr": 0.5},
        {"step": 1, "x": 2.0, "loss": 0.0, "grad": 0.0, "lr": 0.5},
    ]
    assert len(doc["runs"][0]["steps"]) == 21


def test_json_writes_null_for_numbers_that_are_not_finite(capsys):
    code, out, _ = run_cli(capsys, "--function", "sqrt(x)", "--x0", "1", "--lr", "5", "--steps", "5", "--format", "json")
    assert code == 0
    run = json.loads(out)["runs"][0]
    assert run["status"] == "left_domain"
    assert run["steps"][-1]["loss"] is None


def test_csv_has_one_row_per_run_and_step(capsys):
    code, out, _ = run_cli(capsys, "--preset", "quadratic", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == ["run", "lr", "step", "x", "loss", "grad", "update"]
    assert len(rows) == 21 + 21 + 2
    first = rows[0]
    assert (first["run"], first["lr"], first["step"], float(first["x"]), float(first["grad"])) == ("0", "0.01", "0", 10.0, 16.0)
    assert float(first["update"]) == pytest.approx(0.16)


def test_summary_is_one_line_per_run(capsys):
    code, out, _ = run_cli(capsys, "--preset", "wiggly", "--format", "summary")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 1
    assert "max_steps" in lines[0] and "cannot settle" in lines[0]


def test_table_shows_every_run_with_status_and_verdict(capsys):
    code, out, _ = run_cli(capsys)
    assert code == 0
    assert "η=0.01: still moving at 20" in out
    assert "η=0.5: converged at 1" in out
    assert "reaches the minimum in one step" in out
    assert "f(x) = (x − 2)²    f' = 2x − 4" in out  # the blackboard's notation


def test_explicit_flags_override_the_preset(capsys):
    code, out, _ = run_cli(capsys, "--preset", "wiggly", "--lr", "0.05", "--steps", "5", "--format", "json")
    doc = json.loads(out)
    assert doc["function"] == "x**2 + 10*sin(x)"
    assert [r["lr"] for r in doc["runs"]] == [0.05]
    assert len(doc["runs"][0]["steps"]) == 6


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--function", "x +* 2"], "--function: syntax error"),
        (["--function", "__import__('os')"], "column"),
        (["--function", "z**2"], "unknown name 'z'"),
        (["--lr", "0"], "η"),
        (["--lr", "-0.1"], "η"),
        (["--lr", "nan"], "η"),
        (["--lr", "0.1,abc"], "'abc' is not a number"),
        (["--x0", "inf"], "x0"),
        (["--x0", "abc"], "x0"),
        (["--steps", "0"], "steps"),
        (["--steps", "1000001"], "steps"),
        (["--steps", "2.5"], "steps"),
        (["--tol", "-1"], "tol"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--preset", "nope"], "unknown preset 'nope'"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, fragment):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert fragment in err
    assert "Traceback" not in err


def test_python_dash_m_and_a_bad_flag_from_a_real_process():
    proc = subprocess.run(
        [sys.executable, "-m", "lrtui", "run", "--lr", "-1", "--format", "summary"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "lrtui", "run", "--format", "summary"], capture_output=True, text=True, timeout=60
    )
    assert ok.returncode == 0 and ok.stderr == "" and len(ok.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--lr", "０.１"], "lrtui: η #1: '０.１' has the character '０': write numbers with the digits 0-9"),
        (["--lr", "0.1, ١"], "lrtui: η #2: '١' has the character '١': write numbers with the digits 0-9"),
        (["--x0", "１０"], "lrtui: x0: '１０' has the character '１': write numbers with the digits 0-9"),
        (["--steps", "２０"], "lrtui: steps: '２０' has the character '２': write numbers with the digits 0-9"),
        (["--tol", "1e-８"], "lrtui: tol: '1e-８' has the character '８': write numbers with the digits 0-9"),
        (["--model", "linreg", "--seed", "７"], "lrtui: seed: '７' has the character '７': write numbers with the digits 0-9"),
        (["--model", "linreg", "--epochs", "５"], "lrtui: epochs: '５' has the character '５': write numbers with the digits 0-9"),
        (
            ["--model", "linreg", "--batch-size", "１０"],
            "lrtui: batch size: '１０' has the character '１': write numbers with the digits 0-9",
        ),
        (
            ["--optimizer", "adam:beta1=０.８"],
            "lrtui: --optimizer: adam beta1 must be written with the digits 0-9, got ０.８",
        ),
    ],
)
def test_non_ascii_digits_get_the_function_parsers_answer_in_every_numeric_field(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv, "--format", "summary")
    assert (code, out, err) == (2, "", message + "\n")
    code, _, err = run_cli(capsys, "--function", "x + １", "--format", "summary")
    assert code == 2 and "non-ASCII digit '１' at column 5 (write numbers with the digits 0-9)" in err  # the function too


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--preset", ""], "lrtui: --preset: give a preset name; valid: quadratic,"),
        (["--preset", "  "], "lrtui: --preset: give a preset name; valid: quadratic,"),
        (["--optimizer", ""], "lrtui: --optimizer: give at least one optimizer, e.g. sgd"),
        (["--optimizer", "sgd", "--optimizer", " ; "], "lrtui: --optimizer: give at least one optimizer, e.g. sgd"),
        (["--schedule", ""], "lrtui: --schedule: give a schedule, e.g. constant"),
        (["--schedule", ":"], "lrtui: --schedule: give a schedule name, e.g. constant; valid: constant, step,"),
        (["--schedule", ":gamma=0.5"], "lrtui: --schedule: give a schedule name, e.g. constant;"),
        (["--optimizer", ":beta1=0.5"], "lrtui: --optimizer: give an optimizer name, e.g. sgd; valid: sgd,"),
        (["--model", ""], "lrtui: give a model; valid: function, linreg"),
    ],
)
def test_empty_names_are_refused_not_read_as_the_default(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv, "--format", "summary")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(message)


def summary_of(capsys, *argv):
    code, out, err = run_cli(capsys, "--function", "(x-2)^2", "--x0", "10", "--lr", "0.1,0.5,1", "--steps", "20",
                             *argv, "--format", "json")
    assert code == 0 and err == ""
    return json.loads(out)["runs"]


def test_the_same_rule_gets_the_same_verdict_however_it_is_spelled(capsys):
    plain = summary_of(capsys)
    for argv in (["--optimizer", "sgd:momentum=0"], ["--optimizer", "SGD"], ["--optimizer", "momentum:momentum=0"],
                 ["--schedule", "none"], ["--schedule", "CONSTANT"], ["--optimizer", "sgd:", "--schedule", "none:"]):
        runs = summary_of(capsys, *argv)
        assert runs == plain, argv
    assert [r["optimizer"] for r in plain] == ["sgd"] * 3 and [r["schedule"] for r in plain] == ["constant"] * 3
    assert plain[1]["analysis"]["verdict"] == "η = 0.5 = 1/f'': reaches the minimum in one step"


def test_the_json_names_the_rule_canonically(capsys):
    runs = summary_of(capsys, "--optimizer", "SGD:Momentum=0.90", "--schedule", "Step: gamma=0.5, step_size=10")
    assert {r["optimizer"] for r in runs} == {"momentum"}
    assert {r["schedule"] for r in runs} == {"step:step_size=10,gamma=0.5"}


def test_json_state_holds_only_the_runs_own_optimizers_keys(capsys):
    code, out, err = run_cli(capsys, "--function", "x^2 + y^2", "--x0", "1,2", "--lr", "0.1", "--steps", "3",
                             "--optimizer", "sgd; adam; nadam; asgd", "--format", "json")
    assert code == 0 and err == ""
    runs = {r["optimizer"]: r["steps"] for r in json.loads(out)["runs"]}
    assert all("state" not in step for step in runs["sgd"])  # plain SGD keeps no state: no keys at all
    assert set(runs["adam"][0]["state"]) == {"m_hat", "v_hat"}
    first = runs["nadam"][0]["state"]
    assert set(first) == {"exp_avg", "v_hat", "mu_product"}
    assert isinstance(first["mu_product"], float) and len(first["exp_avg"]) == 2  # one number per run, not per x
    assert set(runs["asgd"][0]["state"]) == {"ax", "eta", "mu"} and runs["asgd"][0]["state"]["mu"] == 1.0


def test_json_state_carries_only_the_run_s_own_optimizer_s_keys(capsys):
    """A plain-SGD run beside Adam listed Adam's m_hat and v_hat as null in its JSON state."""
    assert main(["run", "-f", "(x-2)^2", "--x0", "10", "--lr", "0.1", "--steps", "2", "--optimizer", "sgd",
                 "--optimizer", "momentum", "--optimizer", "adam", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    sgd, momentum, adam = doc["runs"]
    assert all("state" not in step for step in sgd["steps"])  # plain SGD keeps no state
    assert all(set(step["state"]) == {"momentum_buffer"} for step in momentum["steps"][:-1])
    assert all(set(step["state"]) == {"m_hat", "v_hat"} for step in adam["steps"][:-1])


def test_the_help_of_optimizer_names_every_optimizer(capsys):
    from lrtui.optim.registry import OPTIMIZERS

    assert main(["run", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    listed = out.split("--optimizer NAME[:k=v,…]", 2)[2].split("; repeat for several")[0]
    names = [name for cls in OPTIMIZERS for name in cls.TABLE]
    assert [name.strip() for name in listed.replace("(default)", "").split(",")] == names
