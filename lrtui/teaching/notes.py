"""Do a scene's note's numbers agree with what the scene computes? (``lrtui lesson --check``)

A note quotes numbers: "after 20 steps x is still 7.34", "η = 1.5 … diverges at step 10",
"x* = 3.837, f'' = 8.41, so 2/f'' ≈ 0.238", "error ×0.98 per step". Where the words around a
number say what it is, :func:`check_note` compares it with that quantity, to the digits it is
written with (7.34 stands for anything that rounds to it; after "≈" one unit of its last digit
more): a number that agrees with none of them is a :class:`Disagreement`, worded for the author.

The words it reads (each number is read by the first that applies):

==================================  ===============================================================
``η = V``                           a run's η, an η_k the schedule gave, or 2/f'' or 1/f''
``x* = V``                          a coordinate of a run's minimum
``2/f'' = V``, ``2/λ_max ≈ V``      a run's 2/curvature (the limit); ``1/f''`` its 1/curvature
``f'' = V``, ``λ = V``              a curvature at a run's minimum
``×V``                              a run's error factor per step, 1 − η_k·f'' (or its size)
``η_eff = V``, ``η_eff V``          a run's effective η at the step (or the sentence's): the step it
                                    took per unit of slope, |x_{k+1} − x_k| / |∂f/∂x(x_k)| (a step
                                    written right after it, ``at step N``, is the step it is read at)
``converges at step N``, ``(step N)``  the step a run stopped at
``cycle of N points``               a run's cycle
``floor ≈ V``, ``V above its minimum``  a run's noise floor: predicted, measured, at η/2, or the means of
                                    the two halves of the steps it is measured over
``N steps``, ``step N``, ``N epochs``  a step of the scene (it also sets the step the sentence is about)
``x is V``, ``at V``, ``x = V``     x at the sentence's step (or the scene's) for some run
``loss is V``, ``f = V``            the loss at the sentence's step (or the scene's) for some run
                                    (with trials: the followed trial's, or the mean or median over them)
==================================  ===============================================================

Any other number is :attr:`NoteCheck.unread`, unless it belongs to a formula (``2/f''``,
``(x−2)²``, ``3x``, ``1−μ``): the built-in lessons' test (tests/test_lesson_notes.py) also finds
each of those among every fact the scene computes (:func:`facts`), so no number in a shipped
note goes unchecked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..engine.result import Analysis, Result, Status
from ..optim.sgd import SGD

if TYPE_CHECKING:
    from .lesson import Scene

MINUS = "−-"
NUMBER = re.compile(
    r"(?<![\w.^/])(?P<sign>[−-](?=\d))?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?"
    r"(?:e(?P<exp>[−-]?\d+))?(?P<percent>\s?%)?"
)
MOST_STEPS = 5_000  # x and f are looked at, as facts, at the steps a note names and at these many more
EARLY = 3  # … and at the first steps, which notes like to quote


@dataclass(frozen=True)
class Quoted:
    """A number as a note writes it."""

    text: str
    value: float
    start: int
    end: int
    unit: float  # one unit of its last written digit (0.01 for 7.34; 1 for 20; in % for 2 %)
    about: bool = False  # written after "≈": one unit either side agrees

    def agrees(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        slack = (1.0 if self.about else 0.5) * self.unit
        return abs(value - self.value) <= slack * (1 + 1e-9) + 1e-12 * abs(value)


@dataclass(frozen=True)
class Disagreement:
    quoted: Quoted
    what: str  # "x after 20 steps", "the step a run stopped at"
    computed: tuple[float, ...]  # the nearest values the computation has for it

    def words(self) -> str:
        from ..analysis.answers import number

        near = ", ".join(number(v) for v in self.computed) if self.computed else "none"
        return f"the note says {self.what} is {self.quoted.text}; computed: {near}"


@dataclass
class NoteCheck:
    disagreements: list[Disagreement] = field(default_factory=list)
    agreed: list[tuple[Quoted, str]] = field(default_factory=list)  # read by the words around them
    unread: list[Quoted] = field(default_factory=list)  # no words around them say what they are
    formula: list[Quoted] = field(default_factory=list)  # constants of a formula (2/f'', x−2)


# -- reading the numbers ---------------------------------------------------------------------------
def quoted_numbers(note: str) -> list[Quoted]:
    """Every number of a note, in order, with what its writing says about its precision."""
    out = []
    for m in NUMBER.finditer(note):
        digits = m.group("digits").replace(",", "")
        fraction = m.group("fraction") or ""
        exp = int((m.group("exp") or "0").replace("−", "-"))
        value = float(digits + fraction) * 10.0**exp
        if m.group("sign"):
            value = -value
        unit = 10.0 ** (exp - (len(fraction) - 1 if fraction else 0))
        before = note[: m.start()].rstrip()
        out.append(Quoted(m.group(0).strip(), value, m.start(), m.end(), unit, before.endswith("≈")))
    return out


FORMULA_AFTER = re.compile(r"^(?:/|[·^*]|[A-Za-zα-ωη]|[−\-+][A-Za-zα-ωημβλ(])")  # 2/f'', 3x, 10·sin, 1−μ
FORMULA_BEFORE = re.compile(r"(?:[A-Za-zα-ωη)²][−\-+*/^]|/|\^|·)$")  # x−2, /2, ^2


def is_formula(note: str, q: Quoted) -> bool:
    """Is the number a constant of a formula (2/f'', (x−2)², 3x, 1−μ) rather than a quantity?"""
    after, before = note[q.end:], note[: q.start]
    if q.text.endswith("%"):
        return False
    return bool(FORMULA_AFTER.match(after) or FORMULA_BEFORE.search(before))


# -- the facts a scene computes ---------------------------------------------------------------------
@dataclass
class Facts:
    """What a scene's result says, by kind (each a list of values)."""

    lrs: list[float] = field(default_factory=list)  # base η, every η_k used, momentum's η/(1−μ)
    params: list[float] = field(default_factory=list)  # the optimizers' and the schedule's numbers
    minima: list[float] = field(default_factory=list)
    curvatures: list[float] = field(default_factory=list)
    critical: list[float] = field(default_factory=list)
    optimal: list[float] = field(default_factory=list)
    factors: list[float] = field(default_factory=list)  # 1 − η_k·λ per plain run, and its size
    stops: list[float] = field(default_factory=list)  # stopped_at of the runs that stopped
    periods: list[float] = field(default_factory=list)
    steps: int = 0
    per_epoch: int = 1  # steps per epoch (a regression in minibatches)
    epochs: int | None = None
    floors: list[float] = field(default_factory=list)  # noise floors: predicted, measured, at η/2, the halves
    inputs: list[float] = field(default_factory=list)  # x0, steps, tol, numbers in the texts
    others: list[float] = field(default_factory=list)  # f at x*, percentages, the data's numbers

    def x_at(self, result: Result, step: int) -> list[float]:
        k = np.minimum(step, result.stopped_at)
        return [float(v) for v in result.x[np.arange(result.runs), k].ravel()]

    def grad_at(self, result: Result, step: int) -> list[float]:
        k = np.minimum(step, result.stopped_at)
        return [float(v) for v in result.grad[np.arange(result.runs), k].ravel()]

    def effective_at(self, result: Result, step: int) -> list[float]:
        """Each run's η_eff at ``step`` (per coordinate): the step it took per unit of slope, for
        the runs that took a step there."""
        out = []
        with np.errstate(all="ignore"):
            for r in range(result.runs):
                if step >= int(result.stopped_at[r]):
                    continue
                move = np.abs(result.x[r, step + 1] - result.x[r, step])
                out += [float(v) for v in move / np.abs(result.grad[r, step])]
        return [v for v in out if math.isfinite(v)]

    def loss_at(self, result: Result, step: int) -> list[float]:
        """Each run's loss at ``step``; with trials, also its mean and median over them there."""
        k = np.minimum(step, result.stopped_at)
        out = [float(v) for v in result.loss[np.arange(result.runs), k]]
        stats = result.trials
        if stats is not None:
            at = min(step, stats.mean.shape[1] - 1)
            out += [float(v) for v in (*stats.mean[:, at], *stats.q50[:, at])]
        return out


def _numbers_in(text: str) -> list[float]:
    return [q.value for q in quoted_numbers(text.replace("_", " ").replace("=", " = "))]


def facts(scene: Scene, result: Result) -> Facts:
    """Every number the scene's result (and its inputs) can be quoted for."""
    s = scene.scenario
    f = Facts(steps=s.steps, epochs=s.epochs)
    with np.errstate(all="ignore"):
        f.lrs = sorted({float(v) for v in result.lrs} | {float(v) for v in np.unique(result.lr) if np.isfinite(v)})
        for a in result.analysis:
            if a is None:
                continue
            if a.minimum is not None:
                f.minima += list(a.minimum)
                f.others.append(float(result.problem.loss(np.array([a.minimum]))[0]))
            for lam in a.curvatures or ((a.curvature,) if a.curvature is not None else ()):
                f.curvatures.append(lam)
                if lam:
                    f.optimal.append(1.0 / lam)
                    f.critical.append(2.0 / lam)
            if a.critical_lr is not None:
                f.critical.append(a.critical_lr)
            if a.optimal_lr is not None:
                f.optimal.append(a.optimal_lr)
        for r in range(result.runs):
            a = result.analysis[r] if r < len(result.analysis) else None
            k = int(result.stopped_at[r])
            if result.status[r] != Status.MAX_STEPS:
                f.stops.append(float(k))
            period = result.cycle(r)
            if period >= 2:
                f.periods.append(float(period))
                f.others += [float(v) for v in result.x[r, k - period + 1: k + 1].ravel()]  # the cycle's points
            opt = result.optimizers[r]
            f.params += [float(v) for v in opt.params.values() if type(v) in (int, float)]
            mu = opt.params.get("momentum", 0.0) if isinstance(opt, SGD) else 0.0
            if isinstance(mu, float) and 0.0 < mu < 1.0:  # η(1−d)/(1−μ) on a steady slope; the heavy ball's limit
                f.lrs += [float(result.lrs[r]) * (1.0 - float(opt.params.get("dampening", 0.0))) / (1.0 - mu)]
                if a is not None and a.curvature and not opt.params.get("nesterov"):
                    f.critical.append(2.0 * (1.0 + mu) / a.curvature)
            if a is not None and a.floor is not None:
                f.floors += _floor_facts(result, r, a)
            if a is not None and opt.is_plain:
                lams = a.curvatures or ((a.curvature,) if a.curvature is not None else ())
                for eta in {float(v) for v in result.lr[r, : max(k, 1)]}:
                    for lam in lams:
                        factor = 1.0 - eta * lam
                        f.factors += [factor, abs(factor)]
                        f.others += [100.0 * (1.0 - factor), 100.0 * abs(factor)]
    f.params += _numbers_in(s.schedule.text) + [float(v) for v in result.schedule.params.values()
                                                 if type(v) in (int, float)]
    for o in s.optimizers:
        f.params += _numbers_in(o.text)
    f.inputs = [*s.x0, float(s.steps), s.tol, *f.params, s.noise, float(s.trials)]
    if s.function is not None:
        f.inputs += _numbers_in(s.function)
    if s.epochs is not None:
        f.inputs.append(float(s.epochs))
    model = s.model
    if not model.is_function:
        from ..models.data import SYNTHETIC_INTERCEPT, SYNTHETIC_NOISE, SYNTHETIC_SLOPE

        points = getattr(model, "training_data", None)
        if points is not None:
            f.others.append(float(points.size))
            batch = getattr(model, "batch_size", None)
            if batch is not None:
                f.inputs.append(float(batch))
            f.per_epoch = int(getattr(model, "batches_per_epoch", 1))
            f.others.append(float(f.per_epoch))
        if getattr(model, "data", None) is None:
            f.others += [SYNTHETIC_SLOPE, SYNTHETIC_INTERCEPT, SYNTHETIC_NOISE]
    return f


def _floor_facts(result: Result, r: int, a: Analysis) -> list[float]:
    """Run r's noise floor (lrtui.analysis.floor): predicted (under a schedule, at a constant η),
    measured and its standard error, the prediction at η/2, and the means over the first and second
    half of the window it is measured on."""
    from ..analysis.floor import measured, predicted

    floor = a.floor
    out = [v for v in (floor.predicted, floor.measured, floor.error, floor.halved) if v is not None]
    if floor.predicted and floor.halved:
        out.append(floor.halved / floor.predicted)
    lams = a.curvatures or ((a.curvature,) if a.curvature is not None else ())
    if floor.predicted is None and result.optimizers[r].is_plain and lams:  # under a schedule: at a constant η
        constant = predicted(float(result.lrs[r]), floor.sigma, lams)
        out += [constant] if constant is not None else []
    stats = result.trials
    if stats is not None and a.minimum is not None and not stats.lost(r):

        f_star = float(result.problem.loss(np.array([a.minimum], dtype=np.float64))[0])
        m = measured(stats, r, f_star)
        if m is not None:
            out += [m.first, m.second]
    return [float(v) for v in out]


# -- the words around a number ---------------------------------------------------------------------
NUM = r"[−-]?\d[\d,]*(?:\.\d+)?(?:e[−-]?\d+)?"
RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern)) for name, pattern in (
    ("critical", rf"2(?:\(1\s*\+\s*μ\))?/(?:f''(?:\(x\*\))?|λ(?:_max)?)\s*[=≈]\s*(?P<n>{NUM})"),
    ("lr", rf"η/\(1\s*[−-]\s*μ\)\s*[=≈]\s*(?P<n>{NUM})"),
    ("floor", rf"floor(?:\s+(?:of|at|is))?\s*[=≈]?\s*(?P<n>{NUM})"),
    ("floor", rf"(?P<n>{NUM})\s+above\s+(?:its|the)\s+(?:least-squares\s+)?minimum"),
    ("effective", rf"η_eff(?:,[^,.;]{{0,40}},)?\s*(?:is\s+|[=≈]\s*)?(?:only\s+)?(?P<n>{NUM})"
                  rf"(?:\s+at\s+step\s+(?P<k>\d[\d,]*))?"),
    ("param", rf"(?:μ|α|β1|β2|β₁|β₂|γ|ε|gamma|momentum|alpha|beta1|beta2|eps)\s*[=≈]\s*(?P<n>{NUM})"),
    ("optimal", rf"1/(?:f''(?:\(x\*\))?|λ(?:_max)?)\s*[=≈]\s*(?P<n>{NUM})"),
    ("curvature", rf"(?<![/\w])(?:f''(?:\(x\*\))?|λ(?:_max|_min)?)\s*[=≈]\s*(?P<n>{NUM})"),
    ("minimum", rf"x\*\s*[=≈]\s*\(?(?P<n>{NUM})"),
    ("lr", rf"η(?:_k)?\s*[=≈]\s*(?P<n>{NUM})"),
    ("factor", rf"×\s*(?P<n>{NUM})"),
    ("stop", rf"(?:converges|converged|diverges|diverged|settles|settled|stops|stopped|lands|landed|"
             rf"the domain)\s+(?:at|by|in|on)\s+step\s+(?P<n>{NUM})"),
    ("stop", rf"\((?:at\s+)?step\s+(?P<n>{NUM})\)"),
    ("period", rf"cycle of\s+(?P<n>{NUM})\s+points"),
    ("epoch", rf"(?P<n>{NUM})\s+epochs?"),
    ("epoch", rf"epoch\s+(?P<n>{NUM})"),
    ("step", rf"(?P<n>{NUM})\s+steps?"),
    ("step", rf"step\s+(?P<n>{NUM})"),
    ("x", rf"(?:x\s+is(?:\s+(?:still|only|now))?(?:\s+at)?|(?<![\w*])x\s*[=≈]|is(?:\s+(?:still|only))?\s+at)\s*"
          rf"(?P<n>{NUM})"),
    ("loss", rf"(?:loss\s+(?:is|of)(?:\s+(?:still|only|now))?|(?<![\w'])f\s*[=≈])\s*(?P<n>{NUM})"),
))
WHAT = {
    "critical": "2/f'' (η's limit)", "optimal": "1/f''", "curvature": "the curvature", "minimum": "x*",
    "lr": "η", "param": "a parameter of the optimizer or the schedule", "factor": "the error's factor per step",
    "stop": "the step a run stopped at", "floor": "a noise floor",
    "period": "a cycle's number of points", "epoch": "an epoch", "step": "a step",
}


def _sentences(note: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"[.;](?:\s|$)", note):
        yield start, m.end()
        start = m.end()
    if start < len(note):
        yield start, len(note)


def check_note(scene: Scene, result: Result) -> NoteCheck:
    """Read every number of the scene's note and compare those whose words say what they are."""
    out = NoteCheck()
    note = scene.note or ""
    if not note:
        return out
    f = facts(scene, result)
    quoted = {q.start: q for q in quoted_numbers(note)}
    read: set[int] = set()
    for lo, hi in _sentences(note):
        sentence_step: int | None = None
        for name, m in sorted(_matches(note, lo, hi), key=lambda t: t[1].start("n")):
            q = quoted.get(m.start("n"))
            if q is None or q.start in read:
                continue
            read.add(q.start)
            if name in ("step", "epoch"):
                whole = q.value == int(q.value) and q.value >= 0
                steps = int(q.value) * (f.per_epoch if name == "epoch" else 1)
                last = f.epochs if name == "epoch" and f.epochs is not None else f.steps
                if whole and q.value <= last:
                    sentence_step = steps
                    out.agreed.append((q, WHAT[name]))
                else:
                    limit = f"{last:,} {'epochs' if name == 'epoch' else 'steps'}"
                    out.disagreements.append(Disagreement(q, f"{WHAT[name]} (the scene has {limit})", ()))
                continue
            step = sentence_step if sentence_step is not None else scene.step
            if name == "effective" and m.group("k"):
                step = int(m.group("k").replace(",", ""))
            candidates = _candidates(name, f, result, step)
            what = WHAT.get(name) or {"x": f"x after {step:,} steps", "effective": f"η_eff at step {step:,}"}.get(
                name, f"the loss after {step:,} steps")
            if any(q.agrees(v) for v in candidates):
                out.agreed.append((q, what))
            else:
                out.disagreements.append(Disagreement(q, what, _nearest(q.value, candidates)))
    for q in quoted.values():
        if q.start in read:
            continue
        (out.formula if is_formula(note, q) else out.unread).append(q)
    return out


def _matches(note: str, lo: int, hi: int) -> Iterator[tuple[str, re.Match[str]]]:
    text = note[:hi]
    for name, pattern in RULES:
        for m in pattern.finditer(text, lo):
            yield name, m


def _candidates(name: str, f: Facts, result: Result, step: int) -> list[float]:
    if name == "x":
        return f.x_at(result, step) if result.dims == 1 else []
    if name == "loss":
        return f.loss_at(result, step)
    if name == "effective":
        return f.effective_at(result, step)
    return {
        "critical": f.critical, "optimal": f.optimal, "curvature": f.curvatures, "minimum": f.minima,
        "lr": [*f.lrs, *f.critical, *f.optimal], "param": f.params, "factor": f.factors, "stop": f.stops,
        "period": f.periods, "floor": f.floors,
    }[name]


def _nearest(value: float, candidates: Iterable[float], most: int = 3) -> tuple[float, ...]:
    finite = sorted({v for v in candidates if math.isfinite(v)}, key=lambda v: abs(v - value))
    return tuple(finite[:most])


def unread_agree(scene: Scene, result: Result, check: NoteCheck) -> list[Quoted]:
    """The unread numbers that agree with no fact at all of the scene (every η, x0, input, x* and
    curvature, x and f at every step the note names and the scene's, every stop): for the tests."""
    f = facts(scene, result)
    named = {int(q.value) * (f.per_epoch if what == WHAT["epoch"] else 1)
             for q, what in check.agreed if what in (WHAT["step"], WHAT["epoch"])}
    steps = sorted({*range(min(f.steps, EARLY) + 1), scene.step, f.steps, *(int(v) for v in f.stops), *named})
    pool = [*f.lrs, *f.minima, *f.curvatures, *f.critical, *f.optimal, *f.factors, *f.stops, *f.periods,
            *f.floors, *f.inputs, *f.others]
    for k in steps[:MOST_STEPS]:
        pool += f.x_at(result, k) + f.loss_at(result, k) + f.grad_at(result, k)
    return [q for q in check.unread if not any(q.agrees(v) for v in pool)]
