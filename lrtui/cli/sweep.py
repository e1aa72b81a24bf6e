"""``lrtui sweep``: many learning rates side by side, or the LR range test within one run.

    lrtui sweep [scenario flags] --lr-min A --lr-max B --points P [--steps N] [--format table|csv|json]
    lrtui sweep [scenario flags] --range-test [--lr-min A] [--lr-max B] [--steps N] [--format …]

The rules for the critical and suggested η, and for the range test's "steep" η, are in
:mod:`lrtui.analysis.sweep`. Bad input exits with status 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import csv
import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import Field, InputError
from .args import Parser, add_scenario_arguments, say_warnings, scenario_from_args
from .output import Output, require_stdout, say, writing

if TYPE_CHECKING:
    from ..analysis.sweep import RangeTest, Sweep
    from ..optim.optimizer import Optimizer
    from ..problem import Problem
    from ..teaching.scenario import Scenario

FORMATS = ("table", "csv", "json")
SWEEP_DEFAULTS = (1e-4, 10.0, 100)  # --lr-min, --lr-max, --points
RANGE_DEFAULTS = (1e-7, 10.0, 100)  # fastai's lr_find: start_lr, end_lr, num_it


def build_parser() -> Parser:
    p = Parser(
        prog="lrtui sweep",
        description=(
            "Run many learning rates, log-spaced from --lr-min to --lr-max, in one go and report each one's "
            "final loss, status and steps, with the critical and a suggested η; or, with --range-test, let η "
            "grow exponentially within one run (the LR-finder's range test). Bad input exits with status 2."
        ),
    )
    add_scenario_arguments(p)
    s = p.add_argument_group("sweep")
    s.add_argument("--lr-min", metavar="A", help="the smallest η (default 1e-4; range test 1e-7)")
    s.add_argument("--lr-max", metavar="B", help="the largest η (default 10)")
    s.add_argument("--points", metavar="P", help="how many η, 2 to 10,000 (default 100)")
    s.add_argument(
        "--range-test",
        action="store_true",
        help="one run with η growing from --lr-min to --lr-max over --steps steps (default 100)",
    )
    p.add_argument("--format", default="table", metavar="FORMAT", help="table (default), csv or json")
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    fmt = args.format.strip().lower()
    if fmt not in FORMATS:
        say(f"lrtui sweep: unknown format {args.format!r}; valid: {', '.join(FORMATS)}")
        return 2
    if args.lr is not None:
        raise InputError("--lr does not apply to lrtui sweep: give --lr-min, --lr-max and --points", field=Field.LR)
    scenario = scenario_from_args(args)
    say_warnings(scenario, "lrtui sweep")
    require_stdout()  # before the work: is there anywhere to write its result?
    if len(scenario.optimizers) != 1:
        raise InputError(
            f"a sweep compares η for one optimizer, got {len(scenario.optimizers)} (give it once)",
            field=Field.OPTIMIZER,
        )
    optimizer = scenario.optimizers[0].value
    if args.range_test:
        return _range_test(args, scenario, optimizer, fmt)
    from ..analysis.sweep import check_range, sweep

    lo, hi, points = check_range(
        args.lr_min if args.lr_min is not None else SWEEP_DEFAULTS[0],
        args.lr_max if args.lr_max is not None else SWEEP_DEFAULTS[1],
        args.points if args.points is not None else SWEEP_DEFAULTS[2],
    )
    assert points is not None  # check_range returns the points it was given
    problem, steps = scenario.problem(), scenario.steps
    from ..teaching.scenario import noise_of

    result = sweep(
        problem, scenario.x0, lo, hi, points, steps, tol=scenario.tol, optimizer=optimizer,
        schedule=scenario.schedule.value, noise=noise_of(scenario),
    )
    with writing() as out:
        if fmt == "json":
            _json(result.as_dict(), out)
        elif fmt == "csv":
            w = csv.writer(out.stream, lineterminator="\n")
            noisy = result.noise is not None
            w.writerow(["lr", "final_loss", "status", "stopped_at", *(["floor"] if noisy else [])])
            for p in result.as_dict()["points"]:
                final = "" if p["final_loss"] is None else repr(p["final_loss"])
                floor = ([] if not noisy else ["" if p["floor"] is None else repr(p["floor"])])
                w.writerow([repr(p["lr"]), final, p["status"], p["stopped_at"], *floor])
        else:
            for line in sweep_table(result, problem, scenario, steps, out.text):
                out.line(line)
    return 0


def _json(doc: dict[str, Any], out: Output) -> None:
    """One JSON document; where the output cannot encode a character it is escaped (still JSON)."""
    from ..teaching.export import write_document

    write_document(doc, out.stream, indent=2, ensure_ascii=not out.unicode)
    out.write("\n")


def _range_document(test: RangeTest) -> dict[str, Any]:
    """``test.as_dict()`` with its points made one at a time as they are written."""
    from ..teaching.export import Streamed

    n = test.lr.size
    return {
        "points": Streamed(lambda: (test.point(k) for k in range(n)), n),
        "steep_lr": test.steep_lr,
        "status": test.status.value,
        "stopped_at": test.stopped_at,
    }


def _cell(v: float) -> str:
    """A CSV cell: the number in full, empty where it is not finite."""
    v = float(v)
    return repr(v) if math.isfinite(v) else ""


def _range_test(args: argparse.Namespace, scenario: Scenario, optimizer: Optimizer, fmt: str) -> int:
    from ..analysis.sweep import check_range, range_test

    if args.points is not None:
        raise InputError("--points does not apply to --range-test: it is one run of --steps steps", field=Field.POINTS)
    if not scenario.schedule.value.is_constant:
        raise InputError("does not apply to --range-test (its growing η is the schedule)", field=Field.SCHEDULE)
    lo, hi, _ = check_range(
        args.lr_min if args.lr_min is not None else RANGE_DEFAULTS[0],
        args.lr_max if args.lr_max is not None else RANGE_DEFAULTS[1],
    )
    if args.steps is None and args.epochs is None:
        scenario = scenario.with_(steps=RANGE_DEFAULTS[2], epochs=None)
    problem, steps = scenario.problem(), scenario.steps
    test = range_test(problem, scenario.x0, lo, hi, steps, optimizer=optimizer)
    with writing() as out:  # a million records are written as they are made
        if fmt == "json":
            _json(_range_document(test), out)
        elif fmt == "csv":
            w = csv.writer(out.stream, lineterminator="\n")
            w.writerow(["step", "lr", "loss", "smoothed_loss"])
            w.writerows(
                [k, repr(float(test.lr[k])), _cell(test.loss[k]), _cell(test.smoothed[k])] for k in range(test.lr.size)
            )
        else:
            for line in range_table(test, problem, scenario, steps, out.text):
                out.line(line)
    return 0


def _head(problem: Problem, scenario: Scenario, steps: int) -> str:
    names = ", ".join(problem.parameters)
    x0 = ", ".join(f"{v:g}" for v in scenario.x0)
    what = f"f({names}) = {problem.notation}" if problem.text != "linreg" else f"linreg: {problem!r}"
    return f"{what}    from ({x0}), {steps:,} steps"


def _g(v: float) -> str:
    v = float(v)
    return f"{v:.6g}" if v == v and abs(v) != float("inf") else ("—" if v != v else f"{v}")


def sweep_table(
    result: Sweep, problem: Problem, scenario: Scenario, steps: int, text: Callable[[str], str] = str
) -> list[str]:
    """The sweep as lines; ``text`` turns a column's label into what the output shows (η or eta)."""
    from ..analysis.sweep import BAND, SAFETY

    lines = [_head(problem, scenario, steps)]
    lines.append(f"{result.lrs.size} η log-spaced from {result.lrs[0]:g} to {result.lrs[-1]:g}")
    noise = result.noise
    if noise is not None:
        lines.append(f"noise σ = {noise.sigma:g}, {noise.trials:,} trials per η (seed {noise.seed}): final loss = "
                     "their mean; floor = their mean loss over the last fifth of the steps")
    lines.append("")
    floor_head = f"  {'floor':>14}" if noise is not None else ""
    lines.append(f"{text('η'):>12}  {'final loss':>14}{floor_head}  {'status':<12} {'steps':>9}")
    crit = result.critical_lr
    crit_shown = crit is None
    for i in range(result.lrs.size):
        if not crit_shown and result.lrs[i] > crit:
            lines.append(f"{'':>12}  ── critical η = {crit:.6g} ──")
            crit_shown = True
        mark = "  ◀ suggested" if result.suggested_index == i else ""
        floor = f"  {_g(result.floor[i]):>14}" if result.floor is not None else ""
        lines.append(
            f"{_g(result.lrs[i]):>12}  {_g(result.final_loss[i]):>14}{floor}  {result.status[i].value:<12} "
            f"{int(result.stopped_at[i]):>9}{mark}"
        )
    if not crit_shown:
        lines.append(f"{'':>12}  ── critical η = {crit:.6g} (above the range) ──")
    lines.append("")
    d = len(problem.parameters)
    if crit is None:
        lines.append("critical η: none found (no minimum with positive curvature where the stable runs end)")
    else:
        what = "2/f''(x*)" if d == 1 else "2/λ_max(x*)"
        where = ", ".join(f"{v:.6g}" for v in result.minimum or ())
        lines.append(f"critical η = {what} = {crit:.6g} at x* = ({where}): above it plain descent cannot settle there")
    cap = f"η ≤ {SAFETY:g}·critical" if crit is not None else "every stable η (no critical η)"
    if result.suggested_lr is None:
        lines.append(f"suggested η: none — no run with {cap} ended stably; widen the range downward")
    elif noise is not None:
        chosen = result.suggested_index
        assert result.floor is not None and chosen is not None
        lines.append(
            f"suggested η = {result.suggested_lr:.6g}: among {cap} stable in every trial, the lowest floor "
            f"({result.floor[chosen]:.6g}): the bottom of the U — smaller η have not arrived yet, larger ones stall "
            "on a higher noise floor"
        )
    else:
        k = int(result.steps_to_band[result.suggested_index])
        lines.append(
            f"suggested η = {result.suggested_lr:.6g}: among {cap}, the first to come within "
            f"{BAND:.1%} of the way from the lowest final loss to f(x0) and stay there (from step {k})"
        )
    return lines


def range_table(
    test: RangeTest, problem: Problem, scenario: Scenario, steps: int, text: Callable[[str], str] = str
) -> Iterator[str]:
    """The range test, a line at a time (a million steps are never all held); ``text`` as in
    :func:`sweep_table`."""
    yield _head(problem, scenario, steps)
    yield (
        f"range test: η from {test.lr[0]:g} "
        f"growing ×{(test.lr[-1] / test.lr[0]) ** (1 / max(test.lr.size - 1, 1)):.4g} "
        f"per step; {test.status.value} at step {test.stopped_at}"
    )
    yield ""
    yield f"{'step':>6}  {text('η'):>12}  {'loss':>14}  {'smoothed':>14}"
    for k in range(test.lr.size):
        mark = "  ◀ steep" if test.steep_lr is not None and test.lr[k] == test.steep_lr else ""
        yield f"{k:>6}  {_g(test.lr[k]):>12}  {_g(test.loss[k]):>14}  {_g(test.smoothed[k]):>14}{mark}"
    yield ""
    if test.steep_lr is None:
        yield "steep η: none (too few records before the loss blew up)"
    else:
        yield (
            f"steep η = {test.steep_lr:.6g}: where the smoothed loss fell fastest per unit of log η "
            "(fastai's lr_find 'steep' rule)"
        )
