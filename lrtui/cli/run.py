"""``lrtui run``: compute every run and print it as a table, CSV, JSON or a summary."""

from __future__ import annotations

import sys

import numpy as np

from ..export import summary_lines, to_json, write_csv
from ..formula import step_formula
from ..result import Result
from ..scenario import compute
from .args import Parser, add_scenario_arguments, scenario_from_args

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
        print(f"lrtui run: unknown format {args.format!r}; valid: {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    result = compute(scenario_from_args(args))
    out = sys.stdout
    if fmt == "json":
        out.write(to_json(result) + "\n")
    elif fmt == "csv":
        write_csv(result, out)
    elif fmt == "summary":
        out.write("\n".join(summary_lines(result)) + "\n")
    else:
        print_tables(result)
    return 0


def print_tables(result: Result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    names = result.parameters
    d = result.dims
    head = f"f({', '.join(names)}) = {result.problem.text}"
    deriv = result.problem.derivative_text
    console.print(head + (f"    f' = {deriv}" if deriv and d == 1 else (f"    ∇f = {deriv}" if deriv else "")))
    scheduled = not result.schedule.is_constant
    for r in range(result.runs):
        a = result.analysis[r] if result.analysis else None
        plain = result.optimizers[r].is_plain
        states = [n for n, v in result.state.items() if not np.all(np.isnan(v[r]))]
        title = f"{result.label(r)}: {result.status_text(r, brief=True)}"
        table = Table(title=title, title_justify="left")
        table.add_column("step", justify="right")
        for n in names:
            table.add_column(n, justify="right")
        table.add_column("f", justify="right")
        for n in names:
            table.add_column("f'(x)" if d == 1 else f"∂f/∂{n}", justify="right")
        if scheduled:
            table.add_column("η_k", justify="right")
        for n in names:  # plain descent moves by η·f'(x); other optimizers by what they computed
            label = ("η·f'(x)" if d == 1 else f"η·∂f/∂{n}") if plain else ("x_k − x_k+1" if d == 1 else f"Δ{n}")
            table.add_column(label, justify="right")
        for st in states:
            for n in names:
                table.add_column(st if d == 1 else f"{st}[{n}]", justify="right")
        moves = result.move(r)
        for rec in result.records(r):
            k = rec["step"]
            table.add_row(
                str(k),
                *(_num(v) for v in rec["x"]),
                _num(rec["loss"]),
                *(_num(v) for v in rec["grad"]),
                *([_num(rec["lr"])] if scheduled else []),
                *(_num(v) for v in moves[k]),
                *(_num(v) for st in states for v in result.state[st][r, k]),
            )
        console.print(table)
        console.print(f"first step: {step_formula(result, r, 0).text()}", soft_wrap=True)  # the lesson's arithmetic
        if a:
            console.print(a.verdict, soft_wrap=True)


def _num(v: float) -> str:
    v = float(v)
    return f"{v:.10g}" if np.isfinite(v) or not np.isnan(v) else ""
