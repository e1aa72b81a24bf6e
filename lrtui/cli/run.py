"""``lrtui run``: compute every run and print it as a table, CSV, JSON or a summary."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from ..analysis.formula import step_formula
from ..engine.result import Result
from ..teaching.export import summary_lines, write_csv, write_json
from ..teaching.scenario import compute
from .args import Parser, add_scenario_arguments, say_warnings, scenario_from_args
from .output import Output, require_stdout, say, writing
from .table import chunked, write_table

FORMATS = ("table", "csv", "json", "summary")


def build_parser() -> Parser:
    p = Parser(
        prog="lrtui run",
        description="Run gradient descent for every η and print each step. Bad input exits with status 2.",
    )
    add_scenario_arguments(p)
    p.add_argument("--format", default="table", metavar="FORMAT", help="table (default), csv, json or summary")
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    fmt = args.format.strip().lower()
    if fmt not in FORMATS:
        say(f"lrtui run: unknown format {args.format!r}; valid: {', '.join(FORMATS)}")
        return 2
    scenario = scenario_from_args(args)
    say_warnings(scenario, "lrtui run")
    require_stdout()  # before the work: is there anywhere to write its result?
    result = compute(scenario)
    with writing() as out:
        if fmt == "json":
            write_json(result, out.stream, ensure_ascii=not out.unicode)
            out.write("\n")
        elif fmt == "csv":
            write_csv(result, out.stream)
        elif fmt == "summary":
            for line in summary_lines(result):
                out.line(line)
        else:
            print_tables(result, out)
    return 0


CHUNK = 4096  # rows formatted at a time


def print_tables(result: Result, out: Output) -> None:
    """Every run as a table of its records, written as it is made (see lrtui.cli.table)."""
    names = result.parameters
    d = result.dims
    head = f"f({', '.join(names)}) = {result.problem.notation}"
    deriv = result.problem.derivative_notation
    out.line(head + (f"    f' = {deriv}" if deriv and d == 1 else (f"    ∇f = {deriv}" if deriv else "")))
    scheduled = not result.schedule.is_constant
    for r in range(result.runs):
        a = result.analysis[r] if result.analysis else None
        plain = result.optimizers[r].is_plain
        states = [n for n, v in result.state.items() if not np.all(np.isnan(v[r]))]
        headers = ["step", *names, "f"]
        headers += ["f'(x)" if d == 1 else f"∂f/∂{n}" for n in names]
        headers += ["η_k"] if scheduled else []
        # plain descent moves by η·f'(x); other optimizers by what they computed
        noisy = result.noisy
        headers += [(("η·(f'+ξ)" if noisy else "η·f'(x)") if d == 1 else (f"η·(∂f/∂{n}+ξ)" if noisy else f"η·∂f/∂{n}"))
                    if plain else ("x_k − x_k+1" if d == 1 else f"Δ{n}") for n in names]
        one = {st for st in states if result.optimizers[r].shown(st).scalar}  # one number per run (NAdam's Π)
        headers += [st if d == 1 or st in one else f"{st}[{n}]" for st in states for n in (names[:1] if st in one
                                                                                          else names)]
        headers += (["noise"] if d == 1 else [f"noise[{n}]" for n in names]) if result.noise is not None else []
        headers += ["mean f", "f q10", "f q50", "f q90"] if result.trials is not None else []
        followed = f" (trial {result.trial} of {result.noise.trials})" if result.noise is not None else ""
        out.line(f"{result.label(r)}: {result.status_text(r, brief=True)}{followed}")
        write_table(out, headers, lambda r=r, states=states: _rows(result, r, states, scheduled))  # type: ignore[misc]
        out.line(f"first step: {step_formula(result, r, 0).text()}")  # the lesson's arithmetic
        if a:
            out.line(a.verdict)


def _rows(result: Result, r: int, states: list[str], scheduled: bool) -> Iterator[list[tuple[str, ...]]]:
    """Run r's records as rows of cells, CHUNK rows at a time."""
    for a, b in chunked(int(result.stopped_at[r]) + 1, CHUNK):
        columns: list[list[str]] = [[str(k) for k in range(a, b)]]
        columns += [_nums(c) for c in result.x[r, a:b].T]
        columns.append(_nums(result.loss[r, a:b]))
        columns += [_nums(c) for c in result.grad[r, a:b].T]
        if scheduled:
            columns.append(_nums(result.lr[r, a:b]))
        columns += [_nums(c) for c in result.move(r, a, b).T]
        one = {st for st in states if result.optimizers[r].shown(st).scalar}
        columns += [_nums(c) for st in states for c in result.state[st][r, a:b, : 1 if st in one else None].T]
        if result.noise is not None:  # what was added to ∇f at each step of the recorded trial
            columns += [_nums(c) for c in result.noise_at(r, a, b).T]
        stats = result.trials
        if stats is not None:  # the loss over every trial
            columns += [_nums(stats.mean[r, a:b]), _nums(stats.q10[r, a:b]), _nums(stats.q50[r, a:b]),
                        _nums(stats.q90[r, a:b])]
        yield list(zip(*columns, strict=True))


def _nums(values: NDArray[np.float64]) -> list[str]:
    """Numbers as the table shows them: 10 significant digits, inf as inf, NaN (no value) empty."""
    return [f"{v:.10g}" if v == v else "" for v in values.tolist()]
