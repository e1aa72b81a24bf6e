"""How fast the app answers a step key and how fast it starts, each beside a baseline.

    python benchmarks/bench_ui.py [--keys 200] [--starts 5]

1. A step: 3 runs × 1,000 steps at 120×40, headless. For each of many → presses:
   - key → frame: from the key to the end of the frame that shows it (the frame is turned
     into the bytes a terminal would get, as the real driver does);
   - work: the CPU the app spends on it (the view swap, every panel's redraw, the frame);
   - bytes: what that frame sends to the terminal.
   Baseline: plotext alone drawing the same two charts — the frame the app asked plotext for,
   and every point and line the app's raster laid on it handed to plotext as its own
   ``scatter``/``plot`` calls, on a fresh figure, then ``build()``.
2. The η dial: ↑/↓ in turn, from the key to the first frame showing the recomputed result,
   beside the worker's part alone (compute + build_scene) and a step key's frame.
3. A key at scale, in a real terminal: ``lrtui`` in a pseudo-terminal at 80×24 and 120×40, from
   writing the key's bytes to the last byte of the frame that answers it: ← at the end of 16 η
   × 4 optimizers × 10,000 steps (64 runs; the first ← after End, and the median of 20 ←/→ in
   turn), and at the end of 1 run × 1,000,000 steps, beside → on 1 run × 20 steps.
4. Start-up: a fresh interpreter to the first frame, and to the first frame with a result
   (the default scenario computed and drawn: its function parsed and differentiated by the
   symbolic worker, which ``lrtui`` starts first so that sympy loads on the other core while
   Textual starts), beside a hello-world Textual app (a Static and a Footer) in a fresh
   interpreter. The three are interleaved, repeat after repeat, so load falls on all alike.

Aims: a step ≤ 2 × plotext alone; a dial turn ≤ 100 ms; a key at scale ≤ 3 × the small scenario's;
the first frame ≤ 2 × hello world, the first frame with a result ≤ 2.5 × hello world. Not a test:
pytest skips it.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import termios
import time

import numpy as np

import lrtui.app.charts.canvas as canvas_module
from lrtui.app.app import LrtuiApp
from lrtui.app.render import settle
from lrtui.scenario import Scenario

SCENARIO = Scenario("x**2 + 10*sin(x)", (3.0,), (0.1, 0.2, 0.3), 1000, 0.0)
SIZE = (120, 40)


def plotext_alone(canvas) -> float:
    """Seconds plotext needs to draw one chart from scratch: the canvas's frame, and what its
    raster laid on it handed to plotext as its own scatter and plot calls, then build()."""
    raster = canvas.raster
    points: dict[int, list] = {}
    for ids, u, v in raster._points:
        for i in np.unique(ids):
            mine = ids == i
            points.setdefault(int(i), []).append((u[mine], v[mine]))
    lines: dict[int, list] = {}
    for ids, a, b in raster._segments:
        for i in np.unique(ids):
            mine = ids == i
            lines.setdefault(int(i), []).append((a[mine], b[mine]))
    t = time.perf_counter()
    p = canvas.plot()
    p.plotsize(canvas.cols, canvas.rows)
    for i, (marker, colour, style) in enumerate(raster.calls):
        for u, v in points.get(i, []):
            p.scatter(u.tolist(), v.tolist(), marker=marker, color=colour, style=None if style == "default" else style)
        for a, b in lines.get(i, []):
            gap = np.full((len(a), 1), np.nan)
            xs = np.hstack([a[:, :1], b[:, :1], gap]).ravel().tolist()
            ys = np.hstack([a[:, 1:], b[:, 1:], gap]).ravel().tolist()
            p.plot(xs, ys, marker="hd", color=colour)
    p.build()
    return time.perf_counter() - t


async def measure_steps(keys: int) -> dict:
    app = LrtuiApp(SCENARIO)
    frames: list[tuple[float, int]] = []  # (end time, bytes)
    spent: list[float] = []  # seconds of the app's own work: view swaps and frames
    display = app._display

    def timed_display(screen, update):
        if update is not None:  # what the real driver does with a frame: turn it into bytes
            frames.append((time.perf_counter(), len(update.render_segments(app.console).encode())))
        return display(screen, update)

    app._display = timed_display
    watch_view = app.main.watch_view

    def timed_watch_view():
        t = time.perf_counter()
        watch_view()  # every panel takes the new view and redraws what changed
        spent.append(time.perf_counter() - t)

    app.main.watch_view = timed_watch_view
    latency, work, sent, baseline = [], [], [], []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        refresh = screen._compositor_refresh

        def timed_refresh():
            t = time.perf_counter()
            refresh()  # the compositor renders the dirty regions; the frame becomes bytes
            spent.append(time.perf_counter() - t)

        screen._compositor_refresh = timed_refresh
        canvases: list = []  # every canvas a chart draws in a step
        strips = canvas_module.Canvas.strips

        def recorded_strips(canvas):
            canvases.append(canvas)
            return strips(canvas)

        canvas_module.Canvas.strips = recorded_strips
        app.main.view = app.main.view.at(100)  # paths with some history
        await pilot.pause()
        for _ in range(keys):
            if app.main.view.step >= app.main.view.last_step:
                app.main.view = app.main.view.at(100)
                await pilot.pause()
            canvases.clear()
            n, m = len(frames), len(spent)
            t0 = time.perf_counter()
            await pilot.press("right")
            await pilot.pause()
            if len(frames) == n:
                continue
            latency.append(frames[n][0] - t0)
            sent.append(sum(b for _, b in frames[n:]))
            work.append(sum(spent[m:]))
            baseline.append(sum(plotext_alone(c) for c in canvases))
    return {"latency": latency, "work": work, "bytes": sent, "plotext": baseline}


SMALL = Scenario("x**2 + 10*sin(x)", (3.0,), (0.1,), 20, 0.0)
BIG = Scenario("x**2 + 10*sin(x)", (3.0,), tuple(0.001 * 300 ** (i / 15) for i in range(16)), 10_000, 0.0,
               optimizers=("sgd", "momentum", "adam", "rmsprop"))


async def measure_dial(presses: int) -> dict:
    """↑ and ↓ in turn on the η dial: from the key to the first frame that shows the new result
    (computed in the worker thread, then every panel redrawn). Baseline: the worker's part alone —
    ``compute`` and ``build_scene`` of the same scenarios — and a step key's frame, in this run."""
    from lrtui.app.charts.scene import build_scene
    from lrtui.scenario import compute

    app = LrtuiApp(SCENARIO)
    frames: list[float] = []
    display = app._display

    def timed_display(screen, update):
        if update is not None:
            frames.append(time.perf_counter())
        return display(screen, update)

    app._display = timed_display
    latency, alone = [], []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = app.main
        done, shown = main.computing._done, []

        def timed_done(scenario, scene):
            done(scenario, scene)
            shown.append(time.perf_counter())

        main.computing._done = timed_done
        main.view = main.view.at(500)
        await pilot.pause()
        for i in range(presses):
            n = len(shown)
            t0 = time.perf_counter()
            await pilot.press("up" if i % 2 == 0 else "down")
            while len(shown) == n:
                await asyncio.sleep(0.0005)
            await pilot.pause()
            after = [t for t in frames if t >= shown[-1]]
            if after:
                latency.append(after[0] - t0)
        for i in range(presses):
            t = time.perf_counter()
            build_scene(compute(SCENARIO.with_(lrs=(0.12 if i % 2 == 0 else 0.1, 0.2, 0.3))))
            alone.append(time.perf_counter() - t)
    return {"latency": latency, "alone": alone}


KEYS = {"left": b"\x1b[D", "right": b"\x1b[C", "end": b"\x1b[F"}
LRS = ",".join(f"{0.001 * 300 ** (i / 15):.6g}" for i in range(16))
IN_A_TERMINAL = {  # the app as a user starts it: lrtui with flags (BIG, SMALL and a million steps)
    "small": ["--function", "x^2 + 10 sin(x)", "--x0", "3", "--lr", "0.1", "--steps", "20", "--tol", "0"],
    "big": ["--function", "x^2 + 10 sin(x)", "--x0", "3", "--lr", LRS, "--steps", "10000", "--tol", "0",
            "--optimizer", "sgd", "--optimizer", "momentum", "--optimizer", "adam", "--optimizer", "rmsprop"],
    "million": ["--function", "x^2 + 10 sin(x)", "--x0", "3", "--lr", "0.01", "--steps", "1000000", "--tol", "0"],
}


def _drain(fd: int, quiet: float, limit: float = 120.0) -> float | None:
    """Read the terminal until it has been quiet for ``quiet`` s; the time of its last byte."""
    last, start = None, time.perf_counter()
    while time.perf_counter() - start < limit:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
        last = time.perf_counter()
    return last


def keys_in_a_terminal(name: str, size: tuple[int, int], keys: int = 20, at_end: bool = True) -> tuple[float, float]:
    """(the first key, the median of ``keys`` keys): seconds from writing a key to the last byte
    of the frame that answers it, in ``lrtui`` running in a pseudo-terminal of ``size``. At the end
    of the run (End first) the keys are ←, → in turn; on the small scenario, or with
    ``at_end=False``, →, ← from step 0."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: lrtui, as a user starts it
        os.execvpe(sys.executable, [sys.executable, "-m", "lrtui", *IN_A_TERMINAL[name]],
                   dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    try:
        _drain(fd, 5.0 if name != "small" else 2.0)  # the first frame, the computation, its frame
        first = "left" if name != "small" and at_end else "right"
        if first == "left":
            os.write(fd, KEYS["end"])
            _drain(fd, 1.0)
        times = []
        for i in range(keys):
            key = first if i % 2 == 0 else ("left" if first == "right" else "right")
            t = time.perf_counter()
            os.write(fd, KEYS[key])
            last = _drain(fd, 0.5)
            times.append(last - t if last is not None else float("nan"))
        return times[0], statistics.median(times)
    finally:
        os.write(fd, b"\x11")  # ctrl+q
        _drain(fd, 0.5, 5.0)
        os.kill(pid, 15)
        os.waitpid(pid, 0)


START = """
import sys, time
t0 = float(sys.argv[1]); want = sys.argv[2]
{make}
seen = []
def display(screen, update, _d=app._display):
    if update is not None and not seen and (want == "first" or getattr(getattr(app, "main", None), "scene", None)):
        seen.append(time.time() - t0)
        print(seen[0]); app.exit()
    return _d(screen, update)
app._display = display
app.run(headless=True, size={size})
"""
# as ``lrtui`` starts it (lrtui.cli): the symbolic worker first, then the app
LRTUI = ("from lrtui.expr.client import start_worker\nstart_worker()\n"
         "from lrtui.app.app import LrtuiApp\napp = LrtuiApp()")
HELLO = """from textual.app import App
from textual.widgets import Footer, Static
class Hello(App):
    def compose(self):
        yield Static("hello, world")
        yield Footer()
app = Hello()"""


def start_seconds(make: str, want: str) -> float:
    code = START.format(make=make, size=SIZE)
    out = subprocess.run([sys.executable, "-c", code, repr(time.time()), want], capture_output=True, text=True,
                         timeout=120)
    return float(out.stdout.strip().splitlines()[-1])


def measure_starts(repeats: int) -> dict[str, list[float]]:
    """The three start-ups' times, interleaved repeat after repeat."""
    kinds = {"hello": (HELLO, "first"), "first": (LRTUI, "first"), "result": (LRTUI, "result")}
    for make, want in kinds.values():  # warm the OS's file cache
        start_seconds(make, want)
    times: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(repeats):
        for name, (make, want) in kinds.items():
            times[name].append(start_seconds(make, want))
    return times


def ms(seconds: float) -> str:
    return f"{1000 * seconds:7.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=200)
    ap.add_argument("--starts", type=int, default=7)
    ap.add_argument("--dials", type=int, default=40)
    ap.add_argument("--only-start", action="store_true", help="skip the step measurement")
    args = ap.parse_args()
    if not args.only_start:
        step = steps(args.keys)
        dial(args.dials, step)
        keys_at_scale()
    starts(args.starts)


def steps(keys: int) -> float:
    r = asyncio.run(measure_steps(keys))
    med = {k: statistics.median(v) for k, v in r.items()}
    print(f"step at {SIZE[0]}×{SIZE[1]}, 3 runs × 1,000 steps, {len(r['latency'])} key presses (medians)")
    print(f"  key → frame          {ms(med['latency'])}")
    print(f"  app work per step    {ms(med['work'])}")
    print(f"  plotext alone        {ms(med['plotext'])}   (the same two charts, build() from scratch)")
    print(f"  ratio work/plotext   {med['work'] / med['plotext']:7.2f}   (aim ≤ 2)")
    print(f"  bytes to terminal    {med['bytes']:7.0f}")
    return float(med["latency"])


def dial(presses: int, step: float) -> None:
    d = asyncio.run(measure_dial(presses))
    turn, alone = statistics.median(d["latency"]), statistics.median(d["alone"])
    print(f"η dial at {SIZE[0]}×{SIZE[1]}, 3 runs × 1,000 steps, {len(d['latency'])} presses of ↑/↓ (medians)")
    print(f"  key → new frame      {ms(turn)}   (aim ≤ 100 ms)")
    print(f"  compute + scene      {ms(alone)}   (the worker's part alone)   ratio {turn / alone:5.2f}")
    print(f"  a step key's frame   {ms(step)}   ratio {turn / step:5.2f}")


def keys_at_scale() -> None:
    print("a key in a real terminal (pty), key → last byte of its frame: first key · median of 20")
    for size in ((80, 24), (120, 40)):
        small = keys_in_a_terminal("small", size)
        print(f"  {size[0]}×{size[1]}  → from step 0 of 1 run × 20 steps  {ms(small[0])} · {ms(small[1])}")
        for name, label, at_end in (("big", "← at the end of 64 runs × 10,000", True),
                                    ("big", "→ from step 0 of 64 runs × 10,000", False),
                                    ("million", "← at the end of 1 run × 10⁶      ", True)):
            first, median = keys_in_a_terminal(name, size, at_end=at_end)
            print(f"  {size[0]}×{size[1]}  {label} {ms(first)} · {ms(median)}   "
                  f"ratio {first / small[1]:4.2f} · {median / small[1]:4.2f}   (aim ≤ 3)")


def starts(repeats: int) -> None:
    times = measure_starts(repeats)
    print(f"start-up, fresh interpreter to the frame, {repeats} repeats interleaved: median (ratio) · best (ratio)")
    for name, label, aim in [("hello", "hello-world Textual", ""), ("first", "lrtui", "aim ≤ 2"),
                             ("result", "lrtui with a result", "aim ≤ 2.5")]:
        median, least = statistics.median(times[name]), min(times[name])
        ratios = median / statistics.median(times["hello"]), least / min(times["hello"])
        print(f"  {label:20} {ms(median)} ({ratios[0]:4.2f})  ·  {ms(least)} ({ratios[1]:4.2f})   {aim}")


if __name__ == "__main__":
    main()
