"""The function a user types: read through a whitelist, differentiated exactly, run with NumPy.

Two processes share the work. All sympy work on user text happens in the symbolic worker,
a child process with a CPU-time and a memory limit; the process that asked (the app, the
command line, a notebook) never imports sympy:

* worker side: :mod:`~lrtui.expr.grammar` (text → exact expression, through an explicit
  whitelist over Python's ``ast``; the text is never evaluated), :mod:`~lrtui.expr.names`
  (what may be typed), :mod:`~lrtui.expr.cost` (static bounds), :mod:`~lrtui.expr.derive`
  (gradient, Hessian, quadratic or not, NumPy source via :mod:`~lrtui.expr.printer`) and
  :mod:`~lrtui.expr.worker` (the process's main loop);
* between them: :mod:`~lrtui.expr.protocol` (plain data, one JSON line each way);
* asking side: :mod:`~lrtui.expr.client` (the worker process: start, limit, restart,
  remember), :mod:`~lrtui.expr.known` (the worker's answers for the texts lrtui ships, kept
  in a file, so those need no worker), :mod:`~lrtui.expr.compiled` (the generated source,
  checked and compiled) and :mod:`~lrtui.expr.function` (:class:`Function`, what the engine
  descends on).

Names are imported on first use, so that the worker, which starts from this package, does
not load NumPy.
"""

from __future__ import annotations

from typing import Any

from ..lazy import exported as _exported

_EXPORTS = {
    "parse_function": "function",
    "Function": "function",
    "Superseded": "client",
    "start_worker": "client",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return _exported(__name__, _EXPORTS, name)
