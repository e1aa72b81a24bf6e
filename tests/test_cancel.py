"""Cancelling a computation: the engine stops within a block of steps, the analysis between
runs, the sweep and the range test too; what a cancelled computation held is freed."""

import gc
import weakref

import pytest

from lrtui.analysis.sweep import range_test, sweep
from lrtui.cancel import Cancelled, CancelToken
from lrtui.engine.descent import descend
from lrtui.engine.descent import run as engine_run
from lrtui.engine.recorder import LARGEST_BLOCK, FullRecorder
from lrtui.expr import parse_function
from lrtui.problem import Problem
from lrtui.teaching.scenario import Scenario, compute


class CountingBowl(Problem):
    """f(x) = x², counting the records computed; cancels ``token`` at record ``at``."""

    text = "x**2"
    parameters = ("x",)

    def __init__(self, token: CancelToken, at: int):
        self.token, self.at, self.records = token, at, 0

    def loss(self, X):
        return (X * X)[:, 0]

    def gradient(self, X, step=None):
        return 2.0 * X

    def loss_and_gradient(self, X, step=None):
        self.records += 1
        if self.records == self.at:
            self.token.cancel()  # as if Enter or q were pressed while this step is computed
        return self.loss(X), self.gradient(X, step)


class ChecksBeforeCancelling(CancelToken):
    """A token that says "cancelled" from its ``n``-th look on: counts how often it is checked."""

    def __init__(self, n: int):
        super().__init__()
        self.n, self.looks = n, 0

    @property
    def cancelled(self) -> bool:
        self.looks += 1
        return self.looks >= self.n or super().cancelled

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()


def test_a_cancelled_descent_stops_within_one_block_of_steps():
    token = CancelToken()
    problem = CountingBowl(token, at=5_000)
    with pytest.raises(Cancelled):
        engine_run(problem, [1.0], [1e-9, 2e-9], 1_000_000, tol=0.0, cancel=token)
    assert 5_000 <= problem.records <= 5_000 + LARGEST_BLOCK  # not the million steps asked for


def test_without_a_cancel_the_same_descent_runs_to_its_end():
    problem = CountingBowl(CancelToken(), at=-1)
    result = engine_run(problem, [1.0], [1e-9, 2e-9], 20_000, tol=0.0, cancel=CancelToken())
    assert problem.records == 20_001 and list(result.stopped_at) == [20_000, 20_000]


def test_a_cancelled_descent_frees_its_records():
    token = CancelToken()
    kept: list[weakref.ref] = []

    def recorder(runs, d, steps):
        rec = FullRecorder(runs, d, steps)
        kept.append(weakref.ref(rec))
        return rec

    with pytest.raises(Cancelled):
        descend(CountingBowl(token, at=2_000), [1.0], [1e-9] * 16, 1_000_000, 0.0, None, None, recorder, token)
    gc.collect()
    assert len(kept) == 1 and kept[0]() is None  # the million-step buffers went with it


@pytest.mark.parametrize("runs", [1, 3, 40])  # few runs and many: whichever loop computes them
def test_a_parsed_function_is_cancelled_at_a_block_boundary(runs):
    token = ChecksBeforeCancelling(3)
    f = parse_function("x^2 + 10 sin(x)")
    with pytest.raises(Cancelled):
        engine_run(f, [3.0], [1e-4 * (i + 1) for i in range(runs)], 400_000, tol=0.0, cancel=token)
    assert token.looks == 3  # it looked once per block and stopped at the first "cancelled"


def test_a_token_cancelled_before_the_computation_starts_stops_it_at_once():
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        compute(Scenario(steps=1_000_000, tol=0.0), cancel=token)


def test_the_analysis_is_cancelled_between_runs():
    # the descent itself looks at the token once (20 steps are one block); the analysis once per run
    token = ChecksBeforeCancelling(3)
    with pytest.raises(Cancelled):
        compute(Scenario(lrs=(0.01, 0.1, 0.5)), cancel=token)
    assert token.looks == 3


def test_the_sweep_and_the_range_test_can_be_cancelled():
    f = parse_function("x^2 + 10 sin(x)")
    with pytest.raises(Cancelled):
        sweep(f, [3.0], 1e-4, 1.0, 200, 50_000, tol=0.0, cancel=ChecksBeforeCancelling(2))
    with pytest.raises(Cancelled):
        range_test(f, [3.0], 1e-7, 1.0, steps=1_000_000, cancel=ChecksBeforeCancelling(2))


def test_a_token_is_a_one_way_switch():
    token = CancelToken()
    assert not token.cancelled
    token.raise_if_cancelled()  # nothing happens
    token.cancel()
    token.cancel()
    assert token.cancelled
    with pytest.raises(Cancelled):
        token.raise_if_cancelled()
