"""Results as CSV rows, JSON documents and one-line summaries: plain text, no UI."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from ..engine.result import Result
from ..problem import Array

WRITE_PIECES = 4096  # JSON tokens joined into one write
CSV_CHUNK = 4096  # records turned into rows at a time


def _finite(v: Any) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None


def _vec(v: Array, d: int) -> float | None | list[float | None]:
    if d == 1:
        return _finite(v[0])
    return [_finite(c) for c in v]


class Streamed(list):  # type: ignore[type-arg]
    """A JSON array whose items are made while it is written, one at a time: ``json``'s
    encoder asks a list for its length (``[]`` when empty) and then iterates it, so the whole
    array never exists at once. Only the pure-Python encoder (``JSONEncoder.iterencode``, which
    ``json.dump`` uses) may see it: the C one would read the (empty) list itself."""

    def __init__(self, items: Callable[[], Iterator[Any]], length: int) -> None:
        super().__init__()
        self._items, self._length = items, length

    def __iter__(self) -> Iterator[Any]:
        return self._items()

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0


def _record_json(result: Result, r: int, rec: dict[str, Any]) -> dict[str, Any]:
    d = result.dims
    item = {
        "step": rec["step"],
        "x": _vec(rec["x"], d),
        "loss": _finite(rec["loss"]),
        "grad": _vec(rec["grad"], d),
        "lr": _finite(rec["lr"]),
    }
    for name in result.extra:
        v = _finite(rec[name])
        item[name] = int(v) if v is not None and v == int(v) else v
    optimizer = result.optimizers[r]
    own = optimizer.explains  # the run's own optimizer's state: another's is no part of it
    state = {k: _finite(v[0]) if optimizer.shown(k).scalar else _vec(v, d)  # one number per run, or per x
             for k, v in rec.get("state", {}).items() if k in own}
    if state:
        item["state"] = state
    if "noise" in rec:  # the noise added to this step's gradient (null at the last record: no step)
        item["noise"] = _vec(rec["noise"], d) if not all(math.isnan(v) for v in rec["noise"]) else None
    return item


def _numbers(values: Array) -> list[float | None]:
    return [v if math.isfinite(v) else None for v in values.tolist()]


def _trials_json(result: Result, r: int) -> dict[str, Any]:
    """With several trials: their number, and per record the mean loss and its 10/50/90th percentiles."""
    stats = result.trials
    if stats is None:
        return {}
    return {
        "trials": stats.trials,
        "loss_mean": _numbers(stats.mean[r]),
        "loss_quantiles": {"q10": _numbers(stats.q10[r]), "q50": _numbers(stats.q50[r]), "q90": _numbers(stats.q90[r])},
    }


def run_json(result: Result, r: int, steps: bool = True) -> dict[str, Any]:
    """Run r as JSON; its ``"steps"`` are made one by one as they are written (see :class:`Streamed`)."""
    analysis = result.analysis[r] if result.analysis else None
    out: dict[str, Any] = {
        "lr": float(result.lrs[r]),
        "optimizer": result.optimizers[r].text,
        "schedule": result.schedule.text,
        "status": result.status[r].value,
        "stopped_at": int(result.stopped_at[r]),
        # analysis numbers that are not finite are written as null too
        "analysis": {k: (_finite(v) if isinstance(v, float) else v) for k, v in analysis.as_dict().items()}
        if analysis
        else None,
    }
    out.update(_trials_json(result, r))
    if steps:
        out["steps"] = Streamed(
            lambda: (_record_json(result, r, rec) for rec in result.records(r)), int(result.stopped_at[r]) + 1
        )
    return out


def write_json(result: Result, out: TextIO, indent: int | None = 2, ensure_ascii: bool = False) -> None:
    """Write the result as one JSON document, streamed: one run's records at a time, each record
    made as it is written, so memory does not grow with the output (``to_json`` gives a str)."""
    doc: dict[str, Any] = {
        "function": result.problem.text,
        "derivative": result.problem.derivative_text,
        "parameters": list(result.parameters),
        **({"noise": noise_json(result)} if result.noise is not None else {}),
        "runs": Streamed(lambda: (run_json(result, r) for r in range(result.runs)), result.runs),
    }
    write_document(doc, out, indent, ensure_ascii)


def noise_json(result: Result) -> dict[str, Any]:
    """How the noise was made (lrtui.engine.noise): σ, trials, seed and the trial whose steps are written."""
    assert result.noise is not None
    n = result.noise
    return {"sigma": n.sigma, "trials": n.trials, "seed": n.seed, "trial": result.trial,
            "generator": "numpy PCG64, SeedSequence(seed, spawn_key=(run, trial)), standard_normal((steps, d))"}


def write_document(doc: Any, out: TextIO, indent: int | None = 2, ensure_ascii: bool = False) -> None:
    """Write ``doc`` as JSON, its :class:`Streamed` arrays made while they are written."""
    encoder = json.JSONEncoder(indent=indent, allow_nan=False, ensure_ascii=ensure_ascii)
    pieces: list[str] = []
    for piece in encoder.iterencode(doc):  # a token at a time: written in chunks of WRITE_PIECES
        pieces.append(piece)
        if len(pieces) >= WRITE_PIECES:
            out.write("".join(pieces))
            pieces.clear()
    out.write("".join(pieces))


def to_json(result: Result, indent: int | None = 2) -> str:
    buf = io.StringIO()
    write_json(result, buf, indent)
    return buf.getvalue()


def csv_header(result: Result) -> list[str]:
    p = result.parameters
    if result.dims == 1:
        head = ["run", "lr", "step", "x", "loss", "grad", "update"]
    else:
        head = ["run", "lr", "step", *p, "loss", *(f"grad_{n}" for n in p), *(f"update_{n}" for n in p)]
    if result.noise is not None:
        head += ["noise"] if result.dims == 1 else [f"noise_{n}" for n in p]
    if result.trials is not None:
        head += ["loss_mean", "loss_q10", "loss_q50", "loss_q90"]
    return head


def csv_rows(result: Result, runs: list[int] | None = None) -> Iterator[list[Any]]:
    """One row per run and step. ``update`` is the step from x_k, :meth:`Result.move`: η_k·∇f(x_k)
    for plain descent (η_k·(∇f(x_k) + noise_k) with noise, empty at the last record); for other
    optimizers x_k − x_{k+1} (empty at the last record)."""
    for r in runs if runs is not None else range(result.runs):
        lr = repr(float(result.lrs[r]))
        for a in range(0, int(result.stopped_at[r]) + 1, CSV_CHUNK):  # a chunk of records at a time
            b = min(a + CSV_CHUNK, int(result.stopped_at[r]) + 1)
            xs, fs, gs = result.x[r, a:b].tolist(), result.loss[r, a:b].tolist(), result.grad[r, a:b].tolist()
            moves = result.move(r, a, b).tolist()
            extra = _extra_columns(result, r, a, b)
            for i, k in enumerate(range(a, b)):
                yield [r, lr, k, *map(_fmt, xs[i]), _fmt(fs[i]), *map(_fmt, gs[i]), *map(_fmt, moves[i]),
                       *map(_fmt, extra[i])]


def _extra_columns(result: Result, r: int, a: int, b: int) -> list[list[float]]:
    """The noise added at each step of the recorded trial, then the loss's mean and percentiles over the trials."""
    columns: list[Array] = []
    if result.noise is not None:
        columns += list(result.noise_at(r, a, b).T)
    stats = result.trials
    if stats is not None:
        columns += [stats.mean[r, a:b], stats.q10[r, a:b], stats.q50[r, a:b], stats.q90[r, a:b]]
    if not columns:
        return [[] for _ in range(b - a)]
    rows: list[list[float]] = [list(row) for row in zip(*(c.tolist() for c in columns), strict=True)]
    return rows


def _fmt(v: Any) -> str:
    v = float(v)
    return repr(v) if math.isfinite(v) else ""


def write_csv(result: Result, out: TextIO, runs: list[int] | None = None) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(csv_header(result))
    w.writerows(csv_rows(result, runs))


def to_csv(result: Result, runs: list[int] | None = None) -> str:
    buf = io.StringIO()
    write_csv(result, buf, runs)
    return buf.getvalue()


def summary_lines(result: Result) -> list[str]:
    lines = []
    for r in range(result.runs):
        s = int(result.stopped_at[r])
        a = result.analysis[r] if result.analysis else None
        x = ", ".join(f"{v:.10g}" for v in result.x[r, s])
        trials = f" trial={result.trial} of {result.noise.trials}" if result.noise is not None else ""
        lines.append(
            f"{result.label(r)}  {result.status[r].value} stopped_at={s} x={x} "
            f"loss={float(result.loss[r, s]):.10g}{trials}" + (f"  {a.verdict}" if a else "")
        )
    return lines
