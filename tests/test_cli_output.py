"""`lrtui run` and `lrtui sweep` in any terminal: ASCII and Latin-1 stdouts, a reader that goes
away (`| head -1`), a full disk, a closed stdout; nothing prints a RuntimeWarning; long
outputs are written as they are made."""

import fcntl
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lrtui.cli.ascii import fallback
from lrtui.cli.output import Output
from lrtui.cli.table import write_table
from lrtui.models.linreg import build_linreg
from lrtui.teaching import export
from lrtui.teaching.scenario import Scenario, compute
from lrtui.teaching.scenario import run as run_problem

LRTUI = [sys.executable, "-m", "lrtui"]
F_SETPIPE_SZ = 1031  # Linux: the pipe's buffer size
FORMATS = ["table", "csv", "json", "summary"]


def lrtui(*argv: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*LRTUI, *argv], capture_output=True, timeout=120, env={**os.environ, **(env or {})}, **kw)


# -- encodings -------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_ascii_stdout_gets_ascii_words(fmt):
    done = lrtui("run", "--preset", "bowl", "--optimizer", "adam", "--steps", "3", "--format", fmt,
                 env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and done.stderr == b""
    text = done.stdout.decode("ascii")  # raises if a single byte is not ASCII
    if fmt == "json":
        verdict = json.loads(text)["runs"][0]["analysis"]["verdict"]
        assert verdict.startswith("adam: still moving") and "2/λ_max" in verdict  # escaped, nothing lost
    elif fmt == "csv":
        assert text.startswith("run,lr,step,x,y,loss,grad_x,grad_y,update_x,update_y\n")
    else:
        assert "adam eta=0.01" in text and "2/lambda_max = 0.1" in text and "?" not in text
    if fmt == "table":
        assert "grad f = (df/dx, df/dy)" in text and "| step |" in text
        assert "(x, y)_1 = (x, y)_0 - eta*m_hat_0/(sqrt v_hat_0 + eps)" in text


def test_a_latin1_stdout_keeps_what_it_can_encode():
    done = lrtui("run", "--preset", "bowl", "--format", "summary", env={"PYTHONIOENCODING": "latin-1"})
    assert done.returncode == 0 and done.stderr == b""
    text = done.stdout.decode("latin-1")
    assert "eta = 0.01 <= 1/lambda_max = 0.05" in text and "(×0.8 per step)" in text


@pytest.mark.parametrize("argv", [["--points", "5"], ["--range-test", "--steps", "20"], ["--points", "5", "--format", "json"]])
def test_the_sweep_under_an_ascii_stdout(argv):
    done = lrtui("sweep", *argv, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and done.stderr == b""
    text = done.stdout.decode("ascii")
    if "json" in argv:
        assert len(json.loads(text)["points"]) == 5
        return
    header, first = text.splitlines()[3:5]  # the columns line up under eta as they did under η
    if "--range-test" in argv:
        assert header == f"{'step':>6}  {'eta':>12}  {'loss':>14}  {'smoothed':>14}"
        assert first.split()[:2] == ["0", "1e-07"] and len(first) == len(header)
    else:
        assert header == f"{'eta':>12}  {'final loss':>14}  {'status':<12} {'steps':>9}"
        assert first.split()[0] == "0.0001" and len(first) == len(header)


def test_an_error_under_an_ascii_stderr_is_one_line_of_ascii_words():
    done = lrtui("run", "--lr", "0", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode("ascii") == "lrtui: eta #1: a learning rate must be > 0, got 0\n"


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        ("x₁₀ = x₉ − η·f'(x₉)", "x_10 = x_9 - eta*f'(x_9)"),
        ("m̂₃ = 15.6738; v̂₃", "m_hat_3 = 15.6738; v_hat_3"),
        ("√v̂₀ + ε, √(36, 400)", "sqrt v_hat_0 + eps, sqrt(36, 400)"),
        ("∇f = (∂f/∂x, ∂f/∂y)", "grad f = (df/dx, df/dy)"),
        ("η ≤ ½·critical: ×0.8, x², 10⁻³ ≈ 1e-3 …", "eta <= 1/2*critical: *0.8, x^2, 10^-3 ~ 1e-3 ..."),
        ("f: 64 → 40.96 ↓, ◀ suggested, ── critical η ──", "f: 64 -> 40.96 (down), < suggested, -- critical eta --"),
        ("café ☃", "cafe ?"),
    ],
)
def test_ascii_words_for_what_an_output_cannot_encode(text, ascii):
    assert fallback(text) == ascii


# -- readers that go away, full disks, closed stdouts ------------------------------------------
@pytest.mark.parametrize(("command", "fmt"), [("run", f) for f in FORMATS] + [("sweep", f) for f in ("table", "csv", "json")])
def test_a_reader_that_stops_after_one_line_gets_exit_status_0(command, fmt):
    """`lrtui … | head -1`: the pipe holds one page, so the writer meets the closed pipe."""
    if command == "sweep":
        more = ["--points", "2000"]
    elif fmt == "summary":  # a line a run: 63 runs are more than a page
        more = ["--steps", "5", *["--optimizer", "adam"] * 21]
    else:
        more = ["--steps", "5000"]
    proc = subprocess.Popen([*LRTUI, command, *more, "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    fcntl.fcntl(proc.stdout.fileno(), F_SETPIPE_SZ, 4096)
    first = proc.stdout.readline()
    proc.stdout.close()  # what head does after its line
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert first and err == b""


@pytest.mark.parametrize("argv", [["run", "--format", f] for f in FORMATS] + [["sweep"], ["run", "--help"], ["lesson", "--list"]])
def test_a_full_disk_is_one_line_and_exit_status_1(argv):
    with open("/dev/full", "w") as full:
        done = subprocess.run([*LRTUI, *argv], stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 1
    what = "the help" if "--help" in argv else "the output"
    assert done.stderr.decode() == f"lrtui: cannot write {what}: No space left on device\n"


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_a_closed_stdout_is_one_line_and_exit_status_1(command):
    line = " ".join([*LRTUI, command])
    done = subprocess.run(["sh", "-c", f"exec {line} >&-"], capture_output=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.decode() == "lrtui: cannot write the output: the standard output is closed\n"


# -- RuntimeWarnings ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--x0", "1e308"],
        ["run", "--x0", "1e308", "--optimizer", "adam", "--optimizer", "rmsprop:centered=true", "--format", "json"],
        ["run", "--lr", "1e308", "--format", "csv"],
        ["run", "-f", "exp(x)", "--x0", "709"],
        ["run", "-f", "x^2 + y^2", "--x0", "1e308,1e308", "--format", "summary"],
        ["sweep", "--x0", "1e308", "--points", "5"],
        ["sweep", "--x0", "1e308", "--range-test"],
    ],
)
def test_nothing_prints_a_runtime_warning_near_the_float_limit(argv):
    done = lrtui(*argv)
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.count(b"\n") >= 3


def test_data_values_near_the_float_limit_print_no_warning(tmp_path: Path):
    data = tmp_path / "big.csv"
    data.write_text("x,y\n1e308,-1e308\n-1e308,1e308\n1,2\n")
    done = lrtui("run", "--model", "linreg", "--data", str(data), "--format", "summary")
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.decode().count("diverged stopped_at=0") == 3  # f(x0) is not finite: said so


def test_the_core_raises_no_runtime_warning_near_the_float_limit(tmp_path: Path):
    """pytest turns a RuntimeWarning into an error (pyproject.toml): these compute quietly."""
    result = compute(Scenario(x0=(1e308,), steps=5))
    assert [s.value for s in result.status] == ["diverged"] * 3
    data = tmp_path / "big.csv"
    data.write_text("x,y\n1e308,-1e308\n-1e308,1e308\n1,2\n")
    for start in ([0.0, 0.0], [1.0, 1.0]):
        result = run_problem(build_linreg(str(data), 0, None), start, [0.1], 5)
        assert (result.status[0].value, int(result.stopped_at[0])) == ("diverged", 0)
        assert np.isinf(result.loss[0, 0])  # the mean of squares overflows: +inf, not NaN


# -- streaming ----------------------------------------------------------------------------------
class Spy(io.StringIO):
    """A stream that notes, at each write, how many records had been made into JSON so far."""

    def __init__(self, made: list[int]):
        super().__init__()
        self.made, self.seen = made, []

    def write(self, text: str) -> int:
        self.seen.append(self.made[0])
        return super().write(text)


def test_json_is_written_while_the_records_are_made(monkeypatch):
    result = compute(Scenario(lrs=(0.01, 0.02, 0.03), steps=20_000, tol=0.0))
    made = [0]
    record_json = export._record_json

    def counting(*args):
        made[0] += 1
        return record_json(*args)

    monkeypatch.setattr(export, "_record_json", counting)
    out = Spy(made)
    export.write_json(result, out)
    total = 3 * 20_001
    assert made[0] == total
    assert out.seen[0] < 20_001  # the first run was being written before the last was made
    gaps = np.diff(out.seen)
    assert gaps.max() <= export.WRITE_PIECES  # never more records waiting than one write's worth
    assert json.loads(out.getvalue()) == json.loads(export.to_json(result))


def test_the_table_is_written_a_chunk_at_a_time():
    made: list[int] = []

    def rows():
        for a in range(0, 10_000, 1000):
            made.append(a)
            yield [(str(k), f"{k * 0.5:g}") for k in range(a, a + 1000)]

    class Noting(io.StringIO):
        chunks_when_written: list[int] = []

        def write(self, text: str) -> int:
            self.chunks_when_written.append(len(made))
            return super().write(text)

    out = Noting()
    write_table(Output(out), ["step", "x"], rows)
    # the first pass measures all 10 chunks; then 3 lines of header, each chunk as it is made, the bottom
    assert Noting.chunks_when_written == [10, 10, 10, *range(11, 21), 20]
    lines = out.getvalue().splitlines()
    assert lines[1] == "┃ step ┃      x ┃" and lines[3] == "│    0 │      0 │" and lines[-2] == "│ 9999 │ 4999.5 │"
    assert len({len(line) for line in lines}) == 1  # every row as wide as the header


def test_a_screen_in_an_ascii_terminal_keeps_its_columns():
    from rich.cells import cell_len

    from lrtui.cli.ascii import cell_fallback

    line = "╭─ f(x, y) · paths ─╮│1┤▗▄▄▀▘ ● ⣿ η=0.01 ×0.8 x₁ ⏸ paused 漢"
    plain = cell_fallback(line)
    assert plain.isascii() and len(plain) == cell_len(line)
    assert plain == "+- f(x, y) . paths -+|1+##### o . ?=0.01 x0.8 x1 | paused ??"
