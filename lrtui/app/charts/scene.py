"""Everything the charts need from one Result, prepared once and kept: windows, traces, the loss.

Built in the compute worker (the runs' extents, the landscape view, its paths in the plane and
the loss on the linear scale; the log scale's when it is first drawn); every run's visited points
are thinned to a chart's cells on its first frame at a size (:class:`~.trace.TraceSet`), and kept.
Stepping only selects from these, and gathers each run's last few records: a key costs the same
for 20 steps or a million, one run or 64.

What depends on one run alone is kept per run (:class:`RunPart`: its extents, its loss's, its
thinned points per chart, box and size) and handed on to the next scene while the run's inputs
hold (its key, :func:`lrtui.teaching.runs.run_key`): after a turn of the η dial a chart thins
the new runs only, as long as its window is the same; what depends on f and the window alone
(the curve, the level lines, the regression's data) is handed on while the model is the same.
Windows come from the runs' extents, so working one out costs little, and a kept run costs
nothing there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...analysis.views import Box, Extents, bounded_runs, extents, window
from ...cancel import CancelToken, raise_if_cancelled
from ...engine.result import Result, Status
from ..view import View
from .steps import Runs, trail_records
from .trace import Trace, TraceSet

FIRST_SPAN = 20  # the loss chart's step axis starts this long and doubles as the cursor passes its end
KEPT_SETS = 24  # a run's thinned points kept for this many (chart, box, size): a window that keeps moving
F_ONLY = ("curve", "levels", "data cells")  # chart caches that depend on f (or the data) and the window alone
CHUNK = 1_000_000  # records looked at together when runs' losses are measured or their points thinned


def f_of(result: Result) -> Any:
    """f as a function of a 1-D array of x (one-parameter problems), silent on overflow."""

    def f(xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(result.problem.loss(np.asarray(xs, dtype=np.float64).reshape(-1, 1)), dtype=np.float64)

    return f


Span = tuple[float, float] | None  # the lowest and highest of some values; None: there were none


@dataclass
class LossSpans:
    """What the loss chart's window needs of one run's recorded f (each over its finite values):
    the extent of f and of its positive values; worked out when the log scale is first drawn,
    the extent of their log10 and, per shift, of log10(f − low + tiny) (some loss is negative)."""

    seen: Span
    positive: Span
    logs: dict[tuple[float, float] | None, Span] = field(default_factory=dict)  # by shift (None: none)

    def log(self, loss: np.ndarray, shift: tuple[float, float] | None) -> Span:
        """The extent of the drawn log of ``loss`` (this run's records): log10 of the positive
        values, or with ``shift`` (low, tiny) log10(f − low + tiny)."""
        if shift in self.logs:
            return self.logs[shift]
        if len(self.logs) >= KEPT_SETS:  # the lowest loss moved many times
            self.logs.clear()
        found = self.logs[shift] = _shifted(loss, *shift) if shift is not None else _log_span(loss)
        return found


def _span(lo: float, hi: float) -> Span:
    return (lo, hi) if lo <= hi else None


def loss_spans(loss: np.ndarray) -> list[LossSpans]:
    """The LossSpans of each row of ``loss`` (runs, n); a few rows at a time. Records after a
    run's stop repeat its last one, so every record of a row counts alike."""
    out: list[LossSpans] = []
    step = max(1, CHUNK // max(loss.shape[1], 1))
    with np.errstate(all="ignore"):
        for a in range(0, loss.shape[0], step):
            part = loss[a : a + step]
            finite = np.isfinite(part)
            seen = np.where(finite, part, np.inf).min(1), np.where(finite, part, -np.inf).max(1)
            pos = finite & (part > 0)
            positive = np.where(pos, part, np.inf).min(1), np.where(pos, part, -np.inf).max(1)
            for i in range(part.shape[0]):
                out.append(LossSpans(_span(float(seen[0][i]), float(seen[1][i])),
                                     _span(float(positive[0][i]), float(positive[1][i]))))
    return out


def _shifted(loss: np.ndarray, low: float, tiny: float) -> Span:
    with np.errstate(all="ignore"):
        values = np.log10(loss - low + tiny)
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else None


@dataclass(eq=False)
class RunPart:
    """What the charts keep of one run while its inputs hold (a later scene of the same run takes
    it over): its extents, its loss's spans, and its visited points thinned per chart, window and
    size (and, with two parameters, its path clipped per window)."""

    extent: Extents  # its row (views.Extents)
    loss: LossSpans
    sets: dict[Hashable, TraceSet] = field(default_factory=dict)
    paths: dict[Box, Trace] = field(default_factory=dict)

    def keep(self, key: Hashable, thinned: TraceSet) -> None:
        if len(self.sets) >= KEPT_SETS:
            self.sets.clear()
        self.sets[key] = thinned


def thinned(parts: Sequence[RunPart], key: Hashable, build: Callable[[list[int]], list[TraceSet]]) -> TraceSet:
    """Every run's points thinned for ``key`` (chart, window, size), as one set: the runs' own
    kept sets, and for the runs that have none yet ``build(runs)``'s (then kept)."""
    kept = [p.sets.get(key) for p in parts]
    missing = [r for r, found in enumerate(kept) if found is None]
    made = dict(zip(missing, build(missing), strict=True)) if missing else {}
    for r, thinned_run in made.items():
        parts[r].keep(key, thinned_run)
    return TraceSet.joined([found if found is not None else made[r] for r, found in enumerate(kept)])


def _chunks(runs: list[int], n: int) -> list[list[int]]:
    """The runs a few at a time: about TraceSet.each's chunk of records each."""
    step = max(1, CHUNK // max(n, 1))
    return [runs[a : a + step] for a in range(0, len(runs), step)]


def _rows(values: np.ndarray, runs: list[int], stop: int | None = None) -> np.ndarray:
    """values[runs, :stop]: a view when the runs follow one another."""
    if runs == list(range(runs[0], runs[-1] + 1)):
        return values[runs[0] : runs[-1] + 1, :stop]
    return values[runs, :stop]


_NO_EXTENT = Extents(*(np.empty((0,)) for _ in range(5)))  # a part that only keeps thinned points


def _combined(spans: Sequence[Span]) -> Span:
    found = [s for s in spans if s is not None]
    return (min(s[0] for s in found), max(s[1] for s in found)) if found else None


@dataclass
class LossView:
    """The loss on one scale. Its step axis spans 0..FIRST_SPAN, then doubles whenever the
    cursor passes its end, up to the last step: the first steps of a long run are not a
    sliver at the left edge, and the frame only moves at a doubling.

    The loss as drawn (:meth:`drawn`: log10 on the log scale) is worked out where it is drawn,
    a run at a time; its window comes from the runs' spans."""

    loss: np.ndarray  # (runs, n): the recorded loss
    stopped_at: np.ndarray
    ylo: float  # the window over the bounded runs, padded
    yhi: float
    data_lo: float  # the lowest and highest value drawn: the ticks stay within
    data_hi: float
    note: str  # "linear", "log", "log of f − min f + 1e-12"
    zero_at: float | None = None  # log scale: the row where a loss of exactly 0 is drawn
    log: bool = False
    shift: tuple[float, float] | None = None  # log of f − low + tiny: (low, tiny)
    parts: list[RunPart] | None = None  # each run's kept thinned points (None: kept here)
    _sets: dict[tuple[object, ...], TraceSet] = field(default_factory=dict)

    def drawn(self, loss: Any) -> np.ndarray:
        """The loss as drawn: itself (linear), its log10, or the log10 of its shift (log);
        on the log scale a loss of 0 at ``zero_at``, and a negative or undefined loss as it is.
        Elementwise: the same bits for one record or all."""
        loss = np.asarray(loss, dtype=np.float64)
        values: np.ndarray
        if not self.log:
            values = loss
            return values
        with np.errstate(all="ignore"):
            if self.shift is not None:
                low, tiny = self.shift
                values = np.subtract(loss, low)
                values += tiny
                np.log10(values, out=values)
                return values
            drawn = loss > 0
            values = np.empty_like(loss)
            np.log10(loss, out=values, where=drawn)
            np.copyto(values, loss, where=~drawn)
            if self.zero_at is not None:
                np.copyto(values, self.zero_at, where=loss == 0)
        return values

    @property
    def key(self) -> Hashable:
        """What the drawn values depend on, besides the run."""
        return ("loss", self.log, self.shift, self.zero_at)

    def span(self, step: int) -> int:
        last = int(self.stopped_at.max())
        span = min(last, FIRST_SPAN)
        while span < step:
            span = min(last, 2 * span)
        return max(span, 1)

    def box(self, step: int) -> Box:
        """The window of the span that holds ``step``."""
        span = self.span(step)
        return Box(-0.02 * span, 1.02 * span, self.ylo, self.yhi)

    def runs_at(self, view: View, box: Box, cols: int, rows: int, dots: tuple[int, int] = (2, 4)) -> Runs:
        """Every run in ``box`` (the chart's, around the span that holds the cursor) for a plot
        area of cols × rows cells of ``dots`` (across, up)."""
        span = self.span(view.step)
        key = (span, box, cols, rows, dots)
        if key not in self._sets:
            self._sets[key] = self._thinned(span, box, cols, rows, dots)
        k = np.minimum(view.step, self.stopped_at)
        records = trail_records(k)
        runs = np.arange(k.size)[:, None]
        trail = (records.astype(np.float64), self.drawn(self.loss[runs, records]))
        return Runs(k, self._sets[key], trail, np.ones(k.size, dtype=bool))

    def _thinned(self, span: int, box: Box, cols: int, rows: int, dots: tuple[int, int]) -> TraceSet:
        def build(runs: list[int]) -> list[TraceSet]:
            out: list[TraceSet] = []
            for chunk in _chunks(runs, span + 1):
                ys = self.drawn(_rows(self.loss, chunk, span + 1))
                xs = np.arange(ys.shape[1], dtype=np.float64)[None, :]
                out += TraceSet.each(box, xs, ys, np.minimum(self.stopped_at[chunk], span) + 1, cols, rows,
                                     dots=dots)
            return out

        parts = self.parts if self.parts is not None else [RunPart(_NO_EXTENT, LossSpans(None, None))
                                                           for _ in range(len(self.stopped_at))]
        return thinned(parts, (self.key, span, box, cols, rows, dots), build)


def loss_line(result: Result) -> tuple[np.ndarray, np.ndarray]:
    """What the loss chart draws as each run's line, and each line's last record: the loss, or
    with several noisy trials their mean (to the last record any trial has)."""
    stats = result.trials
    if stats is None:
        return np.asarray(result.loss, dtype=np.float64), result.stopped_at
    return np.asarray(stats.mean, dtype=np.float64), stats.stopped_at.max(axis=1)


def loss_rows(result: Result, r: int) -> np.ndarray:
    """What the loss chart's window holds of run r: its line, and with several trials its 10–90 %
    band (:mod:`.band`) beside it."""
    line, _ = loss_line(result)
    stats = result.trials
    if stats is None:
        row: np.ndarray = line[r]
        return row
    return np.concatenate([line[r], stats.q10[r], stats.q90[r]])


def run_loss_spans(result: Result, runs: Sequence[int] | None = None) -> list[LossSpans]:
    """The LossSpans of each run (of ``runs``, default all) over what the window holds of it: its
    line, and with several trials its band's edges."""
    line, _ = loss_line(result)
    pick: Any = slice(None) if runs is None else list(runs)
    spans = loss_spans(line[pick])
    stats = result.trials
    if stats is not None:
        for edge in (stats.q10, stats.q90):
            spans = [LossSpans(_combined([a.seen, b.seen]), _combined([a.positive, b.positive]))
                     for a, b in zip(spans, loss_spans(edge[pick]), strict=True)]
    return spans


def loss_view(result: Result, log: bool, bounded: list[bool], parts: list[RunPart] | None = None) -> LossView:
    """The loss of every run on a linear or log scale, and its window (from the runs' spans:
    ``parts``, worked out here when not given). With several trials, each run's mean over them; the
    window holds their 10–90 % band too (:mod:`.band`)."""
    loss, stopped_at = loss_line(result)
    spans = [p.loss for p in parts] if parts is not None else run_loss_spans(result)
    keep = [r for r in range(result.runs) if bounded[r]]
    first = loss[:, 0] if not keep else None  # no bounded run: the window holds every run's f(x0)

    def of_kept(span: Callable[[int], Span], values: Callable[[np.ndarray], Span]) -> Span:
        return _combined([span(r) for r in keep]) if first is None else values(first)

    every = _combined([s.seen for s in spans])  # of every finite loss
    basis = of_kept(lambda r: spans[r].seen, _finite_span)  # of what the window holds, on the scale drawn
    note, zero_at, shift = "linear", None, None
    if log and every is not None:
        low = every[0]
        if low < 0:
            tiny = 1e-12 * max(1.0, abs(every[0]), abs(every[1]))
            shift = (low, tiny)

            basis = of_kept(lambda r: spans[r].log(loss_rows(result, r), shift), lambda v: _shifted(v, low, tiny))
            note = f"log of f − min f + {tiny:.0e}"
        else:
            positive = _combined([s.positive for s in spans])
            floor = math.log10(positive[0]) if positive is not None else 0.0
            basis = of_kept(lambda r: spans[r].log(loss_rows(result, r), None), _log_span) or (floor, floor)
            note = "log"
            if low == 0:
                zero_at = min(floor, basis[0]) - max(1.0, 0.12 * (basis[1] - floor))
                note = "log · 0 at the bottom"
    lv = LossView(loss, stopped_at, -1.0, 1.0, -1.0, 1.0, note, zero_at, log, shift, parts)
    if basis is None:
        return lv
    lo, hi = basis
    bottom = lo if zero_at is None else zero_at  # a loss of 0 gets its own row below the rest
    pad = 0.06 * (hi - bottom) if hi > bottom else max(1.0, abs(hi)) * 0.1
    lv.ylo, lv.yhi, lv.data_lo, lv.data_hi = bottom - pad, hi + pad, lo, hi
    return lv


def _finite_span(values: np.ndarray) -> Span:
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else None


def _log_span(values: np.ndarray) -> Span:
    with np.errstate(all="ignore"):
        return _finite_span(np.log10(values[values > 0]))


class LossViews(dict[bool, LossView]):
    """A scene's loss on each scale (a key: log or not), worked out when first asked for."""

    def __init__(self, scene: Scene) -> None:
        super().__init__()
        self.scene = scene

    def __missing__(self, log: bool) -> LossView:
        scene = self.scene
        view = self[log] = loss_view(scene.result, log, scene.bounded, scene.parts)
        return view


@dataclass
class Scene:
    """One Result as the charts see it; views, traces and samples are cached by what they depend on.

    ``keys``: each run's key (what it depends on), when known: a later scene takes over the
    :class:`RunPart` of every run with the same key."""

    result: Result
    bounded: list[bool] = field(default_factory=list)  # per run: does it stay near x0 and the minima? (worked out)
    parts: list[RunPart] = field(default_factory=list)
    keys: Sequence[Hashable] | None = None
    model: Hashable = None  # what f is (the scenario's model): a later scene of the same keeps the f-only caches
    loss: dict[bool, LossView] = field(init=False)  # by log scale, each worked out when first drawn
    extents: Extents = field(init=False)  # each run's (views.Extents), from its part
    _labels: list[str] | None = field(default=None, init=False)
    _frames: dict[tuple[str, int], Box] = field(default_factory=dict)
    _sets: dict[tuple[object, ...], TraceSet] = field(default_factory=dict)
    cache: dict[object, Any] = field(default_factory=dict)  # per chart: curves, level lines, …

    def __post_init__(self) -> None:
        if not self.parts:
            self.parts = _parts(self.result, list(range(self.result.runs)))
        self.extents = Extents.stacked([p.extent for p in self.parts])
        self.loss = LossViews(self)
        if len(self.bounded) != self.result.runs:
            self.bounded = bounded_runs(self.result, self.extents)

    @property
    def plane(self) -> bool:
        return self.result.dims == 2

    def label(self, r: int) -> str:
        """Run r's name in a legend: its η (and optimizer), and whether it diverged or runs away."""
        if self._labels is None:
            self._labels = [self._label(i) for i in range(self.result.runs)]
        return self._labels[r]

    def _label(self, r: int) -> str:
        label = self.result.label(r)
        if self.result.status[r] == Status.DIVERGED:
            return f"{label} (diverged)"
        if not self.bounded[r]:
            return f"{label} (diverging)"
        return label

    def frame(self, zoom: str, run: int = 0) -> Box:
        """The f chart's (or the contour's) window in view ``zoom``; ``run`` matters for "path"."""
        key = (zoom, run if zoom == "path" else 0)
        if key not in self._frames:
            self._frames[key] = window(self.result, zoom, run, self.bounded, self.extents)
        return self._frames[key]

    def trace(self, box: Box, r: int) -> Trace:
        """Run r's path in the (x, y) plane, clipped to ``box`` (two parameters)."""
        paths = self.parts[r].paths
        found = paths.get(box)
        if found is None:
            if len(paths) >= KEPT_SETS:
                paths.clear()
            found = paths[box] = Trace(self.result.x[r, : int(self.result.stopped_at[r]) + 1, :2], box)
        return found

    def point(self, r: int, k: int) -> tuple[float, float]:
        """Run r's position on the f chart at record k: (x, f) or, with two parameters, (x, y)."""
        res = self.result
        if self.plane:
            return float(res.x[r, k, 0]), float(res.x[r, k, 1])
        return float(res.x[r, k, 0]), float(res.loss[r, k])

    def runs_at(self, box: Box, view: View, cols: int, rows: int, dots: tuple[int, int] = (2, 4)) -> Runs:
        """Every run at the cursor in the f chart's (or the contour's) ``box``, for a plot area of
        cols × rows cells of ``dots`` (across, up)."""
        key = (box, cols, rows, dots)
        res = self.result
        if key not in self._sets:
            self._sets[key] = thinned(self.parts, ("f", box, cols, rows, dots),
                                      lambda runs: self._thin(runs, box, cols, rows, dots))
        k = np.minimum(view.step, res.stopped_at)
        records = trail_records(k)
        runs = np.arange(k.size)[:, None]
        ys = res.x[runs, records, 1] if self.plane else res.loss[runs, records]
        return Runs(k, self._sets[key], (res.x[runs, records, 0], ys), np.asarray(self.bounded, dtype=bool))

    def _thin(self, runs: list[int], box: Box, cols: int, rows: int, dots: tuple[int, int]) -> list[TraceSet]:
        """The runs' visited points (and paths) in ``box``, thinned each as a set of its own."""
        res, out = self.result, []
        for chunk in _chunks(runs, res.x.shape[1]):
            counts = res.stopped_at[chunk] + 1
            if self.plane:
                paths = [self.trace(box, r) for r in chunk]
                out += TraceSet.each(box, _rows(res.x[..., 0], chunk), _rows(res.x[..., 1], chunk), counts, cols, rows,
                                     paths, dots)
            else:
                out += TraceSet.each(box, _rows(res.x[..., 0], chunk), _rows(res.loss, chunk), counts, cols, rows,
                                     dots=dots)
        return out


def build_scene(result: Result, cancel: CancelToken | None = None, keys: Sequence[Hashable] | None = None,
                previous: Scene | None = None, model: Hashable = None) -> Scene:
    """Prepare what the first frame needs (in the compute worker, off the UI thread); ``cancel``
    is checked between its parts (see lrtui.cancel). ``keys``: each run's key; the runs of
    ``previous`` with the same keys hand their parts over, and the charts' caches that depend on
    f alone come along when ``model`` (what f is) is the previous scene's."""
    with np.errstate(all="ignore"):
        kept: dict[Hashable, RunPart] = {}
        if previous is not None and previous.keys is not None and keys is not None:
            kept = dict(zip(previous.keys, previous.parts, strict=True))
        new = [r for r in range(result.runs) if keys is None or keys[r] not in kept]
        raise_if_cancelled(cancel)
        fresh = dict(zip(new, _parts(result, new), strict=True)) if new else {}
        parts = [fresh[r] if r in fresh else kept[keys[r]] for r in range(result.runs)]  # type: ignore[index]
        scene = Scene(result, [], parts, keys, model)
        if previous is not None and model is not None and previous.model == model:
            carried = [(k, v) for k, v in previous.cache.copy().items() if _f_only(k)]
            scene.cache.update(carried[-KEPT_SETS:])  # the latest: a window that keeps moving leaves many
        raise_if_cancelled(cancel)
        box = scene.frame("landscape")
        if scene.plane:  # the paths, clipped once
            for r in range(result.runs):
                raise_if_cancelled(cancel)
                scene.trace(box, r)
        raise_if_cancelled(cancel)
        scene.loss[False]  # the linear scale's, shown first (the log scale's when it is first drawn)
    return scene


def _parts(result: Result, runs: list[int]) -> list[RunPart]:
    """The parts of the runs ``runs`` of ``result``, measured a few runs at a time."""
    ext = extents(result, None if len(runs) == result.runs else runs)
    spans = run_loss_spans(result, None if len(runs) == result.runs else runs)
    return [RunPart(ext.rows([i]), found) for i, found in enumerate(spans)]


def _f_only(key: object) -> bool:
    return key in F_ONLY or (isinstance(key, tuple) and bool(key) and key[0] in F_ONLY)
