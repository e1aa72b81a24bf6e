"""A scene's question (``[scene.ask]`` in a lesson file), and its answer, computed from the scene's result.

```toml
[scene.ask]
question = "Which of these learning rates diverge?"
kind = "runs"            # pick the runs for which a fact holds
which = "diverged"       # diverged | converged | left_domain | bouncing | cycle | still_moving | oscillates

[scene.ask]
question = "Above which learning rate can descent never settle here?"
kind = "number"
quantity = "critical_lr" # critical_lr | optimal_lr | x_at | loss_at | stopped_at | noise_floor
at = 10                  # the step, for x_at and loss_at (default: the scene's last step)
run = 1                  # which run (1-based, as the keys 1–9 number them; default 1)
tolerance = 0.05         # relative (default 0.05; stopped_at: the exact step)
```

The author never writes the answer: :func:`answer` reads it from the scene's Result
(:mod:`lrtui.analysis.answers`), and :func:`judge` words whether a student's answer is right,
in one sentence built from the verdicts. :func:`read_ask` checks the table where the lesson is
read: every key known, every value in range, for this scene's steps and runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .scenario import Scenario

if TYPE_CHECKING:
    from ..engine.result import Result

KINDS = ("runs", "number")
FACTS = ("diverged", "converged", "left_domain", "bouncing", "cycle", "still_moving", "oscillates")  # answers.FACTS
QUANTITIES = ("critical_lr", "optimal_lr", "x_at", "loss_at", "stopped_at", "noise_floor")  # answers.QUANTITIES
AT_QUANTITIES = ("x_at", "loss_at")
RUN_QUANTITIES = ("critical_lr", "optimal_lr", "x_at", "loss_at", "stopped_at", "noise_floor")  # each run has its own
ASK_KEYS = ("question", "kind", "which", "quantity", "at", "run", "tolerance")
MAX_PICKS = 9  # a question about runs: keys 1–9 pick them
DEFAULT_TOLERANCE = 0.05
MAX_QUESTION = 200
MOST_CLAUSES = 4  # an explanation words at most this many runs, then says how many more

QUESTIONS = {
    "diverged": "Which of these runs diverge?",
    "converged": "Which of these runs converge?",
    "left_domain": "Which of these runs leave the domain of f?",
    "bouncing": "Which of these runs end bouncing between two points?",
    "cycle": "Which of these runs end in a cycle of three or more points?",
    "still_moving": "Which of these runs are still moving at the end?",
    "oscillates": "Which of these runs flip side back and forth?",
    "critical_lr": "Above which learning rate can plain descent never settle at the minimum?",
    "optimal_lr": "Which fixed learning rate reaches the minimum fastest?",
    "x_at": "Where is x after {at} steps ({run})?",
    "loss_at": "What is the loss after {at} steps ({run})?",
    "stopped_at": "At which step does {run} stop?",
    "noise_floor": "Where does the loss of {run} settle?",
}
NONE_HOLDS = {  # "no run …, so the question has no right answer"
    "diverged": "no run diverged",
    "converged": "no run converged",
    "left_domain": "no run left the domain",
    "bouncing": "no run ends bouncing between two points",
    "cycle": "no run ends in a cycle of three or more points",
    "still_moving": "no run is still moving at the end",
    "oscillates": "no run flips side back and forth",
}


@dataclass(frozen=True)
class Ask:
    """One question of a scene. ``run`` is 0-based here (1-based in the file, as keys 1–9 are)."""

    question: str
    kind: str  # runs | number
    which: str | None = None  # kind runs: the fact (FACTS)
    quantity: str | None = None  # kind number: the quantity (QUANTITIES)
    at: int | None = None  # x_at, loss_at: the step (None: the scene's last)
    run: int = 0
    tolerance: float | None = None  # relative; None: DEFAULT_TOLERANCE (stopped_at: exact)

    @property
    def allowed(self) -> float:
        """The relative tolerance a number answer is judged with (0: the exact whole number)."""
        if self.tolerance is not None:
            return self.tolerance
        return 0.0 if self.quantity == "stopped_at" else DEFAULT_TOLERANCE


# -- reading the table ---------------------------------------------------------------------------
Fail = Callable[[str, str], InputError]  # (message, key) → the error naming the file, the scene and the key


def read_ask(table: Any, scenario: Scenario, fail: Fail, words: Callable[[Any, str, int], str]) -> Ask:
    """The question of a scene from its ``[scene.ask]`` table, checked against the scene's
    ``scenario`` (its steps and runs). ``words`` reads a text as titles and notes are read."""
    if isinstance(table, list):
        raise fail("one question per scene: write [scene.ask], not [[scene.ask]]", "ask")
    if not isinstance(table, dict):
        raise fail("must be a table: [scene.ask] with question, kind and which or quantity", "ask")
    for key in table:
        if key not in ASK_KEYS:
            import difflib

            close = difflib.get_close_matches(key, ASK_KEYS, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise fail(f"a question has no key {key!r}{hint} (valid: {', '.join(ASK_KEYS)})", f"ask.{key}")
    if "kind" not in table:
        raise fail('missing: kind = "runs" (pick runs) or "number" (type a number)', "ask.kind")
    kind = _choice(table["kind"], KINDS, "a kind", "ask.kind", fail)
    runs = len(scenario.lrs) * len(scenario.optimizers)
    if kind == "runs":
        for key in ("quantity", "at", "run", "tolerance"):
            if key in table:
                raise fail('goes with kind = "number"; a question about runs takes which', f"ask.{key}")
        if "which" not in table:
            raise fail(f"missing: which fact the runs to pick have ({', '.join(FACTS)})", "ask.which")
        which = _choice(table["which"], FACTS, "a fact", "ask.which", fail)
        if runs > MAX_PICKS:
            raise fail(f"a question about runs picks them with the keys 1–{MAX_PICKS}; this scene has {runs} runs",
                       "ask.which")
        question = _question(table, QUESTIONS[which], words)
        return Ask(question, kind, which=which)
    if "which" in table:
        raise fail('goes with kind = "runs"; a question for a number takes quantity', "ask.which")
    if "quantity" not in table:
        raise fail(f"missing: which quantity ({', '.join(QUANTITIES)})", "ask.quantity")
    quantity = _choice(table["quantity"], QUANTITIES, "a quantity", "ask.quantity", fail)
    if quantity == "noise_floor" and not (scenario.noisy or getattr(scenario.model, "batch_size", None) is not None):
        raise fail("noise_floor needs noisy gradients: give the scene noise = σ (a typed function) or, for the "
                   "regression, batch_size", "ask.quantity")
    at = None
    if "at" in table:
        if quantity not in AT_QUANTITIES:
            raise fail(f"the step goes with {' and '.join(AT_QUANTITIES)}, not {quantity}", "ask.at")
        at = _whole(table["at"], "ask.at", fail)
        if at > scenario.steps:
            raise fail(f"{at:,} is beyond the scene's {scenario.steps:,} steps", "ask.at")
    run = 0
    if "run" in table:
        if quantity not in RUN_QUANTITIES:
            raise fail(f"{quantity} is the scene's, not a run's", "ask.run")
        number = _whole(table["run"], "ask.run", fail)
        if not 1 <= number <= runs:
            raise fail(f"run {number} is beyond the scene's {runs} run{'s' if runs != 1 else ''} (1 to {runs})",
                       "ask.run")
        run = number - 1
    if quantity == "x_at" and len(scenario.x0) != 1:
        raise fail(f"x_at needs one parameter; this scene has {len(scenario.x0)} (loss_at asks for the loss)",
                   "ask.quantity")
    tolerance = None
    if "tolerance" in table:
        value = table["tolerance"]
        if type(value) not in (int, float) or not math.isfinite(value):
            raise fail(f"must be a number such as 0.05 (relative), got {_kind(value)}", "ask.tolerance")
        if value <= 0:
            raise fail(f"must be > 0 (relative: 0.05 takes answers within 5 %), got {value}", "ask.tolerance")
        tolerance = float(value)
    default = QUESTIONS[quantity].format(at=f"{at if at is not None else scenario.steps:,}",
                                         run=run_name(scenario, run))
    return Ask(_question(table, default, words), kind, quantity=quantity, at=at, run=run, tolerance=tolerance)


def _question(table: Mapping[str, Any], default: str, words: Callable[[Any, str, int], str]) -> str:
    return words(table["question"], "ask.question", MAX_QUESTION) if "question" in table else default


def _choice(value: Any, valid: tuple[str, ...], what: str, key: str, fail: Fail) -> str:
    if not isinstance(value, str):
        raise fail(f"must be text in quotes, one of {', '.join(valid)}; got {_kind(value)}", key)
    name = value.strip().lower()
    if name not in valid:
        import difflib

        shown = value if len(value) <= 40 else value[:39] + "…"
        close = difflib.get_close_matches(name, valid, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise fail(f"{shown!r} is not {what}{hint} (valid: {', '.join(valid)})", key)
    return name


def _whole(value: Any, key: str, fail: Fail) -> int:
    if type(value) is not int:
        raise fail(f"must be a whole number, got {_kind(value)}", key)
    if value < 0:
        raise fail(f"must be ≥ 0, got {value}", key)
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    return {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__)


def run_name(scenario: Scenario, run: int) -> str:
    """How the scene's run is named before it is computed, as the legend will name it: runs are
    every optimizer × every η, in that order."""
    from ..numeric import shortest

    lrs, opts = scenario.lrs, scenario.optimizers
    lr = f"η = {shortest(lrs[run % len(lrs)])}"
    optimizer = opts[run // len(lrs)]
    named = len({o.text for o in opts}) > 1 or not optimizer.value.is_plain  # as Result.label names runs
    return f"{optimizer.text} {lr}" if named else lr


# -- the answer ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    """The true answer, as the scene's result has it.

    ``runs``: the runs (0-based) for which the fact holds; ``value``: the number; ``words``: what
    the result says, one sentence built from the verdicts; ``shown``: the answer itself, short
    ("η = 1.5", "0.237796"); ``none``: why there is no right answer (then ``words`` says what
    there is)."""

    runs: tuple[int, ...] = ()
    value: float | None = None
    words: str = ""
    shown: str = ""
    none: str | None = None


def answer(ask: Ask, result: Result) -> Answer:
    """The answer to ``ask`` from the scene's result."""
    from ..analysis import answers as facts

    if ask.kind == "runs":
        assert ask.which is not None
        runs = facts.runs_where(result, ask.which)
        if not runs:
            every = _clauses(result, range(result.runs))
            return Answer((), None, every, "none of them", NONE_HOLDS[ask.which])
        names = ", ".join(facts.run_name(result, r) for r in runs)
        return Answer(runs, None, _clauses(result, runs), names)
    assert ask.quantity is not None
    value = facts.quantity(result, ask.quantity, ask.run, ask.at)
    if value is None:
        why = facts.missing(result, ask.quantity, ask.run, ask.at) or "the result has no such number"
        return Answer((), None, facts.clause(result, ask.run), "no number", why)
    return Answer((), value, facts.value_words(result, ask.quantity, ask.run, ask.at, value), facts.number(value))


def _clauses(result: Result, runs: Any) -> str:
    from ..analysis.answers import clause

    runs = list(runs)
    shown = [clause(result, r) for r in runs[:MOST_CLAUSES]]
    more = len(runs) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Judgement:
    right: bool
    words: str  # "right: …" or "not quite: …": one sentence


def judge(ask: Ask, truth: Answer, given: frozenset[int] | float, result: Result) -> Judgement:
    """Is ``given`` (the picked runs, 0-based, or a number) the answer? Said in one sentence."""
    if truth.none is not None:
        return Judgement(False, f"this question has no right answer: {truth.none} ({truth.words})")
    if ask.kind == "runs":
        picked = frozenset(given) if isinstance(given, frozenset) else frozenset()
        right = picked == frozenset(truth.runs)
        if right:
            return Judgement(True, f"right: {truth.words}")
        missed = [r for r in truth.runs if r not in picked]
        wrong = sorted(r for r in picked if r not in truth.runs)
        return Judgement(False, f"not quite: {_clauses(result, [*missed, *wrong])}")
    assert truth.value is not None and not isinstance(given, frozenset)
    value, tol = float(given), ask.allowed
    if tol == 0.0:
        right = abs(value - truth.value) < 0.5
        within = "the exact step counts"
    else:
        right = abs(value - truth.value) <= tol * (abs(truth.value) if truth.value != 0 else 1.0)
        within = f"within {tol * 100:g} % counts"
    from ..analysis.answers import number

    if right:
        return Judgement(True, f"right: {truth.words}")
    return Judgement(False, f"not quite: {truth.words} (you said {number(value)}; {within})")


def revealed(truth: Answer) -> str:
    """What ``r`` shows: the answer without judging anything."""
    if truth.none is not None:
        return f"no right answer: {truth.none} ({truth.words})"
    return f"the answer: {truth.words}"
