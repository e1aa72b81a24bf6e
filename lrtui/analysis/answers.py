"""The true answers to a lesson's questions, read from a finished Result: never written by an author.

A question about runs picks the runs for which a fact holds (:data:`FACTS`, :func:`runs_where`):

=============  ==============================================================================
diverged       the run diverged (the engine's stop rule)
converged      it stopped at the tolerance, or came to rest (its last records repeat) on x*
left_domain    it left the domain of f (f or ∇f undefined where it landed)
bouncing       it ran out of steps bouncing between two points
cycle          it ran out of steps in a cycle of three or more points
still_moving   it ran out of steps still moving (no rest, no cycle)
oscillates     its steps turn back at least twice: it flips side of where it heads (x*)
=============  ==============================================================================

A question for a number reads one quantity (:data:`QUANTITIES`, :func:`quantity`): η's limit
2/f''(x*) and its best 1/f''(x*) for a run's x*, x or f at a step, the step a run stopped at,
the noise floor a run with noisy gradients settled at (measured: :mod:`lrtui.analysis.floor`).
Each is None where the result has no such number (no minimum found, a run that diverged before
the step asked about, a run that never stopped), and :func:`missing` says why in words.

:func:`clause` words what one run did ("η = 1.5 flips side and diverges at step 10 (it doubles
the error each step)") from its status and its analysis, for the sentence that explains an answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine.result import Result, Status

FACTS = ("diverged", "converged", "left_domain", "bouncing", "cycle", "still_moving", "oscillates")
QUANTITIES = ("critical_lr", "optimal_lr", "x_at", "loss_at", "stopped_at", "noise_floor")
AT_QUANTITIES = ("x_at", "loss_at")  # the quantities read at a step (``at``)
TURNS = 2  # oscillates: this many turns back, at least
STILL = 1e-9  # a move smaller than this, relative to 1 + |x|, is rest (no turn is counted)
CHUNK = 8192  # moves looked at at once when counting turns


def number(value: float) -> str:
    """A computed number as a sentence writes it: six significant digits, the minus sign as "−"."""
    text = f"{value:.6g}"
    return "−" + text[1:] if text.startswith("-") else text


def run_name(result: Result, r: int) -> str:
    """``η = 0.1``, or ``adam η = 0.3`` when the runs' optimizers differ (as the legend names it)."""
    return result.label(r).replace("η=", "η = ")


# -- facts about runs ---------------------------------------------------------------------------
def turns(result: Result, r: int, enough: int | None = None) -> int:
    """How often run r's path turns back: consecutive moves that point against each other (moves
    smaller than STILL relative to 1 + |x| are rest, not a turn). ``enough``: stop counting there."""
    k = int(result.stopped_at[r])
    count = 0
    with np.errstate(all="ignore"):
        for a in range(0, k - 1, CHUNK):  # a block of moves at a time: a long run stops early
            xs = result.x[r, a : min(a + CHUNK + 2, k + 1)]
            moves = np.diff(xs, axis=0)
            if result.dims == 1:
                m, here = moves[:, 0], np.abs(xs[:-1, 0])
                moving = np.abs(m) > STILL * (1.0 + here)
                dots = m[:-1] * m[1:]
            else:
                moving = np.linalg.norm(moves, axis=1) > STILL * (1.0 + np.linalg.norm(xs[:-1], axis=1))
                dots = np.einsum("kd,kd->k", moves[:-1], moves[1:])
            count += int(np.count_nonzero((dots < 0) & moving[:-1] & moving[1:]))
            if enough is not None and count >= enough:
                return count
    return count


def holds(result: Result, r: int, fact: str) -> bool:
    """Does ``fact`` (one of :data:`FACTS`) hold for run r?"""
    status = result.status[r]
    if fact == "diverged":
        return status == Status.DIVERGED
    if fact == "left_domain":
        return status == Status.LEFT_DOMAIN
    if fact == "oscillates":
        return turns(result, r, enough=TURNS) >= TURNS
    if status == Status.CONVERGED:
        return fact == "converged"
    if status != Status.MAX_STEPS:
        return False
    period = result.cycle(r)
    return {"converged": period == 1 and at_minimum(result, r), "bouncing": period == 2, "cycle": period >= 3,
            "still_moving": period == 0}.get(fact, False)


def at_minimum(result: Result, r: int) -> bool:
    """Is run r's last point x* itself (to 1e-6 relative)? A run at rest elsewhere was frozen by an η
    that shrank to nothing (a schedule), not converged."""
    a = result.analysis[r] if r < len(result.analysis) else None
    if a is None or a.minimum is None:
        return False
    star = np.asarray(a.minimum, dtype=np.float64)
    last = result.x[r, int(result.stopped_at[r])]
    with np.errstate(all="ignore"):
        return bool(np.linalg.norm(last - star) <= 1e-6 * (1.0 + np.linalg.norm(star)))


def runs_where(result: Result, fact: str) -> tuple[int, ...]:
    """The runs (0-based) for which ``fact`` holds."""
    if fact not in FACTS:
        raise ValueError(f"unknown fact {fact!r}; valid: {', '.join(FACTS)}")
    return tuple(r for r in range(result.runs) if holds(result, r, fact))


# -- quantities ---------------------------------------------------------------------------------
def quantity(result: Result, name: str, run: int, at: int | None = None) -> float | None:
    """The quantity ``name`` (one of :data:`QUANTITIES`) for run ``run`` (0-based), at step ``at``
    for x_at and loss_at; None when the result has no such number (:func:`missing` says why)."""
    if name not in QUANTITIES:
        raise ValueError(f"unknown quantity {name!r}; valid: {', '.join(QUANTITIES)}")
    if missing(result, name, run, at) is not None:
        return None
    a = result.analysis[run] if run < len(result.analysis) else None
    if name == "critical_lr":
        return a.critical_lr if a is not None else None
    if name == "optimal_lr":
        return a.optimal_lr if a is not None else None
    if name == "stopped_at":
        return float(result.stopped_at[run])
    if name in AT_QUANTITIES:
        k = min(int(at if at is not None else result.steps), int(result.stopped_at[run]))
        value = float(result.x[run, k, 0]) if name == "x_at" else float(result.loss[run, k])
        return value if math.isfinite(value) else None
    floor = a.floor if a is not None else None  # noise_floor: the floor measured, where the run settled
    return float(floor.measured) if floor is not None and floor.measured is not None else None


def missing(result: Result, name: str, run: int, at: int | None = None) -> str | None:
    """Why run ``run`` has no value of ``name`` (a reason that completes "so the question has no
    right answer"), or None when it has one."""
    who = run_name(result, run)
    status, k = result.status[run], int(result.stopped_at[run])
    a = result.analysis[run] if run < len(result.analysis) else None
    if name in ("critical_lr", "optimal_lr"):
        if a is None or a.minimum is None:
            return f"no minimum was found for {who}"
        if (a.critical_lr if name == "critical_lr" else a.optimal_lr) is None:
            return f"the minimum {who} heads for has no curvature to speak of (no 2/f'' limit)"
        return None
    if name == "stopped_at":
        if status == Status.MAX_STEPS:
            return f"{who} never stopped: {result.status_text(run)}"
        return None
    if name in AT_QUANTITIES:
        step = int(at if at is not None else result.steps)
        if step > k and status in (Status.DIVERGED, Status.LEFT_DOMAIN):
            return f"{who} {status.words} at step {k:,}, before step {step:,}"
        if name == "x_at" and result.dims != 1:
            return "x_at needs one parameter"
        value = result.x[run, min(step, k), 0] if name == "x_at" else result.loss[run, min(step, k)]
        if not math.isfinite(float(value)):
            return f"{who} has no finite value at step {step:,}"
        return None
    if name == "noise_floor":
        floor = a.floor if a is not None else None
        if floor is None:
            return f"{who} has no noise floor: no noisy gradients, or no minimum to measure it from"
        if floor.measured is None or not floor.settled:
            return f"{who} has no noise floor measured: {floor.sentence.removeprefix('noise: ')}"
        return None
    return None


# -- words --------------------------------------------------------------------------------------
def pace(result: Result, r: int) -> float | None:
    """The error's factor per step near x* for a run of plain descent with one η: the largest
    |1 − η·λ| over the curvatures at x* (f'' with one parameter); None for other runs."""
    a = result.analysis[r] if r < len(result.analysis) else None
    if a is None or a.critical_lr is None or a.curvature is None or a.minimum is None or not result.is_plain(r):
        return None  # no quadratic minimum (f'' = 0, a kink, none found), or not one fixed η of plain descent
    curvatures = a.curvatures if a.curvatures is not None else (a.curvature,)
    eta = float(result.lrs[r])
    factor = max(abs(1.0 - eta * lam) for lam in curvatures)
    return factor if math.isfinite(factor) else None


MULTIPLES = {2.0: "doubles", 3.0: "triples", 4.0: "quadruples"}


def reason(result: Result, r: int) -> str | None:
    """Why run r went as it did, near x*: what one step does to the error, or None. A run that
    diverged (or left the domain) although the error shrinks near x* was thrown out by a steeper
    slope far from x*: that is said instead."""
    factor = pace(result, r)
    if factor is None:
        return None
    if factor < 1.0 and result.status[r] in (Status.DIVERGED, Status.LEFT_DOMAIN):
        a = result.analysis[r]
        limit = "2/λ_max" if result.dims > 1 else "2/f''(x*)"
        critical = f" = {number(a.critical_lr)}" if a is not None and a.critical_lr is not None else ""
        return f"η is below {limit}{critical}, but far from x* the slope is steeper"
    if factor <= 1e-12:
        return "it lands on x* in one step" if result.problem.is_quadratic else "the error vanishes to first order"
    close = next((word for m, word in MULTIPLES.items() if abs(factor - m) <= 1e-9 * m), None)
    if close:
        return f"it {close} the error each step"
    if abs(factor - 1.0) <= 1e-9:
        return "the error keeps its size each step"
    grows = "grows" if factor > 1.0 else "shrinks"
    return f"the error {grows} ×{number(factor)} each step"


def outcome(result: Result, r: int) -> str:
    """What run r did, in words: "flips side and diverges at step 10", "bounces between two points"."""
    status, k = result.status[r], int(result.stopped_at[r])
    flips = holds(result, r, "oscillates")
    if status == Status.DIVERGED:
        return f"{'flips side and ' if flips else ''}diverges at step {k:,}"
    if status == Status.CONVERGED:
        return f"{'flips side but ' if flips else ''}converges at step {k:,}"
    if status == Status.LEFT_DOMAIN:
        return f"leaves the domain of f at step {k:,}"
    period = result.cycle(r)
    if period == 1:
        short = "" if at_minimum(result, r) else ", short of x* (η has shrunk to nothing)"
        return f"comes to rest by step {k:,}{short}"
    if period == 2:
        return "bounces between two points"
    if period >= 3:
        return f"ends in a cycle of {period} points"
    return f"{'flips side and ' if flips else ''}is still moving after {k:,} steps"


def clause(result: Result, r: int) -> str:
    """One run in words: its name, what it did and why: "η = 1.5 flips side and diverges at step 10
    (it doubles the error each step)"."""
    why = reason(result, r)
    return f"{run_name(result, r)} {outcome(result, r)}" + (f" ({why})" if why else "")


def value_words(result: Result, name: str, run: int, at: int | None, value: float) -> str:
    """A quantity's value in a sentence: "2/f''(x*) = 0.237796 (f'' = 8.41057 at x* = 3.83747): …",
    "η = 0.01 is at x = 7.34086 after 20 steps"."""
    a = result.analysis[run] if run < len(result.analysis) else None
    who = run_name(result, run)
    several = result.dims > 1
    if name in ("critical_lr", "optimal_lr") and a is not None and a.minimum is not None:
        where = "x* = " + (number(a.minimum[0]) if len(a.minimum) == 1 else
                           "(" + ", ".join(number(v) for v in a.minimum) + ")")
        symbol = "λ_max" if several else "f''"
        curv = f"{symbol} = {number(a.curvature)}" if a.curvature else "no curvature"
        if name == "critical_lr":
            limit = "2/λ_max" if several else "2/f''(x*)"
            return f"{limit} = {number(value)} ({curv} at {where}): above it the error grows each step"
        best = "2/(λ_min + λ_max)" if several else "1/f''(x*)"
        what = "the steep and the shallow directions shrink alike" if several else "the error ×0 per step"
        return f"{best} = {number(value)} ({curv} at {where}): the fastest fixed η there, {what}"
    if name == "stopped_at":
        return f"{who} {result.status_text(run)}"
    if name == "noise_floor" and a is not None and a.floor is not None:
        floor = a.floor
        over = f"{floor.trials:,} trial{'s' if floor.trials != 1 else ''}"
        f = "L − L*" if result.parameters == ("w", "b") else "f − f*"
        said = f"{who} settles at {f} ≈ {number(value)} (measured over the last fifth of the steps, {over})"
        if floor.predicted is not None:
            said += f"; {floor.formula} predicts {number(floor.predicted)}"
        return said
    if name in AT_QUANTITIES:
        step = int(at if at is not None else result.steps)
        k = int(result.stopped_at[run])
        if name == "x_at":
            there = f"at x = {number(value)}"
        else:
            there = f"at a loss of {number(value)}" if result.parameters == ("w", "b") else f"at f = {number(value)}"
        if step > k:
            return f"{who} {result.status[run].words} at step {k:,} and stays {there}"
        return f"{who} is {there} after {step:,} step{'s' if step != 1 else ''}"
    return number(value)
