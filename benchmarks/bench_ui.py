"""How fast the app answers a step key and how fast it starts, each beside a baseline.

    python benchmarks/bench_ui.py [--keys 200] [--starts 7] [--only-start] [--no-bytecode]

1. A step: 3 runs × 1,000 steps at 120×40, headless. For each of many → presses:
   - key → frame: from the key to the end of the frame that shows it (the frame is turned
     into the bytes a terminal would get, as the real driver does);
   - work: the CPU the app spends on it (the view swap, every panel's redraw, the frame);
   - bytes: what that frame sends to the terminal.
   Baseline: plotext alone drawing the same two charts — the frame the app asked plotext for,
   and every point and line the app's raster laid on it handed to plotext as its own
   ``scatter``/``plot`` calls (in braille, as the app draws by default), on a fresh figure, then
   ``build()``.
2. The η dial: ↑/↓ in turn, from the key to the first frame showing the recomputed result,
   beside the worker's part alone (compute + build_scene) and a step key's frame.
3. A key at scale, in a real terminal: ``lrtui`` in a pseudo-terminal at 80×24 and 120×40, from
   writing the key's bytes to the last byte of the frame that answers it: ← at the end of 16 η
   × 4 optimizers × 10,000 steps (64 runs; the first ← after End, and the median of 20 ←/→ in
   turn), and at the end of 1 run × 1,000,000 steps, beside → on 1 run × 20 steps.
4. The dials at scale, in a real terminal (a pseudo-terminal at 80×24, ``lrtui`` on 16 η × 4
   optimizers × 10,000 steps of x² + 10·sin(x)): from writing the key's bytes to the last byte of
   the frame that shows the recomputed result (the app then stays quiet): one ↑ (η of the table's
   run one rung up: its η's four runs recomputed) and one ↓; ↑ held, 20 presses at 30 Hz, from the
   last key (no backlog: only the newest request is computed); ``.`` and ``,`` (x0 a step right and
   left: every run recomputed). The app computes the runs of these next turns while it waits for
   a key (lrtui/app/ahead.py): one key after a quiet terminal finds them computed. So the same
   turns are also timed where nothing was computed ahead: ↑↑ and ``. .`` (or ``, ,``), the second
   key 20 ms after the first (two rungs away), timed from the second. Beside a step key (→) on the
   same runs in the same terminal.
5. Start-up, in a real terminal (a pseudo-terminal at 80×24, as a user starts ``lrtui``): from
   starting the process to the byte that completes a text of the frame on screen — hello world's
   "hello, world"; lrtui's first frame ("sched", in the fields) and its first frame with a result
   (the default scenario: "converged at 1", in the runs panel); the same for a typed function,
   ``lrtui -f "x^4 - 3x^2 + x" --x0 2 --lr 0.01 --steps 50`` ("still moving at 50"), which the
   symbolic worker differentiates. The three are interleaved, repeat after repeat, so load falls
   on all alike. lrtui's bytecode is cached, as ``pip install .`` leaves it compiled, even where
   PYTHONDONTWRITEBYTECODE is set (``--no-bytecode``: as the environment is).

Aims: a step ≤ 2 × plotext alone; a dial turn ≤ 100 ms; a key at scale ≤ 3 × the small scenario's;
at scale one ↑ ≤ 100 ms, ↑ held ≤ 150 ms after the last key, the x0 dial ≤ 300 ms;
the first frame ≤ 2 × hello world, the first frame with a result ≤ 2.5 × hello world. Not a test:
pytest skips it.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import sys
import tempfile
import termios
import time

import numpy as np
from docs_page import writes_docs_section

import lrtui.app.charts.canvas as canvas_module
from lrtui.app.app import LrtuiApp
from lrtui.app.render import settle
from lrtui.teaching.scenario import Scenario

SCENARIO = Scenario.of("x**2 + 10*sin(x)", (3.0,), (0.1, 0.2, 0.3), 1000, 0.0)
SIZE = (120, 40)


def plotext_alone(canvas) -> float:
    """Seconds plotext needs to draw one chart from scratch: the canvas's frame, and what its
    raster laid on it handed to plotext as its own scatter and plot calls (dots in plotext's own
    marker of the same resolution: "braille", "hd" or one character), then build()."""
    dots = {"braille": "braille", "block": "hd"}.get(canvas.charset.name, "·")
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
        marker = dots if marker == "dots" else marker
        for u, v in points.get(i, []):
            p.scatter(u.tolist(), v.tolist(), marker=marker, color=colour, style=None if style == "default" else style)
        for a, b in lines.get(i, []):
            gap = np.full((len(a), 1), np.nan)
            xs = np.hstack([a[:, :1], b[:, :1], gap]).ravel().tolist()
            ys = np.hstack([a[:, 1:], b[:, 1:], gap]).ravel().tolist()
            p.plot(xs, ys, marker=dots, color=colour)
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


SMALL = Scenario.of("x**2 + 10*sin(x)", (3.0,), (0.1,), 20, 0.0)
BIG = Scenario.of("x**2 + 10*sin(x)", (3.0,), tuple(0.001 * 300 ** (i / 15) for i in range(16)), 10_000, 0.0,
               optimizers=("sgd", "momentum", "adam", "rmsprop"))


async def measure_dial(presses: int) -> dict:
    """↑ and ↓ in turn on the η dial: from the key to the first frame that shows the new result
    (computed in the worker thread, then every panel redrawn). Baseline: the worker's part alone —
    ``compute`` and ``build_scene`` of the same scenarios — and a step key's frame, in this run."""
    from lrtui.app.charts.scene import build_scene
    from lrtui.teaching.scenario import compute

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
        shown: list[float] = []  # when each new result is shown (the screen's scene is set)
        main.watch(main, "scene", lambda _scene: shown.append(time.perf_counter()), init=False)
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


KEYS = {"left": b"\x1b[D", "right": b"\x1b[C", "end": b"\x1b[F", "up": b"\x1b[A", "down": b"\x1b[B",
        "full_stop": b".", "comma": b","}
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


def dials_in_a_terminal(size: tuple[int, int] = (80, 24), repeats: int = 5, quiet: float = 1.5) -> dict[str, list[float]]:
    """Seconds from a key to the last byte of the frame that answers it (the terminal then stays
    quiet for ``quiet`` s), in ``lrtui`` on 16 η × 4 optimizers × 10,000 steps in a pseudo-terminal:
    "up"/"down" one η rung, "held" ↑ 20 times at 30 Hz (from the last key), "x0" . and , in turn,
    "step" → and ← in turn; ``repeats`` of each, in turns."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, "-m", "lrtui", *IN_A_TERMINAL["big"]],
                   dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    times: dict[str, list[float]] = {"up": [], "down": [], "held": [], "x0": [], "step": [], "up2": [], "x02": []}

    def answer(key: str, before: str | None = None) -> float:
        """``before``: a key written 20 ms earlier (its answer is not waited for)."""
        if before is not None:
            os.write(fd, KEYS[before])
            time.sleep(0.02)
        t = time.perf_counter()
        os.write(fd, KEYS[key])
        last = _drain(fd, quiet)
        return last - t if last is not None else float("nan")

    try:
        _drain(fd, 5.0)  # the first frame, the computation, its frame
        for i in range(repeats):
            times["step"].append(answer("right" if i % 2 == 0 else "left"))
            times["up"].append(answer("up"))
            times["down"].append(answer("down"))
            there, back = ("full_stop", "comma") if i % 2 == 0 else ("comma", "full_stop")
            times["x0"].append(answer(there))
            times["x02"].append(answer(there, before=there))  # two rungs on: none computed ahead
            answer(back)
            answer(back)
            times["up2"].append(answer("up", before="up"))
            answer("down")
            answer("down")
            for _ in range(19):  # ↑ held: a key every 1/30 s, the answer timed from the last one
                os.write(fd, KEYS["up"])
                time.sleep(1 / 30)
            times["held"].append(answer("up"))
            for _ in range(20):  # back down the same rungs, one at a time
                answer("down")
        return times
    finally:
        os.write(fd, b"\x11")  # ctrl+q
        _drain(fd, 0.5, 5.0)
        os.kill(pid, 15)
        os.waitpid(pid, 0)


HELLO = """from textual.app import App
from textual.widgets import Footer, Static
class Hello(App):
    def compose(self):
        yield Static("hello, world")
        yield Footer()
Hello().run()"""
SCRIPT = os.path.join(os.path.dirname(sys.executable), "lrtui")  # the console script a user runs
LRTUI = [SCRIPT] if os.path.exists(SCRIPT) else [sys.executable, "-m", "lrtui"]
TYPED = ["-f", "x^4 - 3x^2 + x", "--x0", "2", "--lr", "0.01", "--steps", "50"]
# what is started, and the texts that say its frames are on screen: (the first frame, the result's)
STARTS = {
    "hello": ([sys.executable, "-c", HELLO], ("hello, world",)),
    "lrtui": (LRTUI, ("sched", "converged at 1")),  # the default scenario: η = 0.5 converges at step 1
    "typed": ([*LRTUI, *TYPED], ("sched", "still moving at 50")),  # a function lrtui does not ship
}
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P^_X][^\x1b]*\x1b\\|\x1b[@-Z\\-_]")


def bytecode_env(cached: bool) -> dict[str, str]:
    """The children's environment. ``cached``: Python keeps lrtui's bytecode (in a folder of its
    own under /tmp) as ``pip install .`` leaves it compiled, even where PYTHONDONTWRITEBYTECODE is
    set (an editable install then compiles every module of lrtui from source at each start, which
    NumPy and Textual, compiled at install, never do)."""
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
    if cached:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "lrtui-bench-bytecode")
    return env


def start_in_a_terminal(command: list[str], marks: tuple[str, ...], env: dict[str, str],
                        size: tuple[int, int] = (80, 24)) -> list[float]:
    """Seconds from starting ``command`` in a pseudo-terminal of ``size`` to the byte that completes
    each of ``marks`` on screen (escape sequences left out), in order; then ctrl+q."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal has its size before the program starts
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        os.execvpe(command[0], command, env)
    seen, times = b"", []
    try:
        while len(times) < len(marks):
            ready, _, _ = select.select([fd], [], [], 60.0)
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                raise SystemExit(f"{' '.join(command)}: no {marks[len(times)]!r} on screen")
            now = time.perf_counter()
            seen += chunk
            text = ESCAPES.sub(b"", seen)
            while len(times) < len(marks) and marks[len(times)].encode() in text:
                times.append(now - t0)
        return times
    finally:
        os.write(fd, b"\x11")  # ctrl+q
        _drain(fd, 0.3, 5.0)
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def measure_starts(repeats: int, cached: bool) -> dict[str, list[float]]:
    """Start-up times, interleaved repeat after repeat: hello world's frame; lrtui's first frame
    and first frame with a result (the default scenario); the same with a typed function."""
    env = bytecode_env(cached)
    for command, marks in STARTS.values():  # warm the OS's file cache (and the bytecode)
        start_in_a_terminal(command, marks, env)
    times: dict[str, list[float]] = {name: [] for name in ("hello", "first", "result", "typed first", "typed")}
    for _ in range(repeats):
        times["hello"] += start_in_a_terminal(*STARTS["hello"], env)
        first, result = start_in_a_terminal(*STARTS["lrtui"], env)
        times["first"].append(first)
        times["result"].append(result)
        first, result = start_in_a_terminal(*STARTS["typed"], env)
        times["typed first"].append(first)
        times["typed"].append(result)
    return times


def ms(seconds: float) -> str:
    return f"{1000 * seconds:7.1f} ms"


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=200)
    ap.add_argument("--starts", type=int, default=7)
    ap.add_argument("--dials", type=int, default=40)
    ap.add_argument("--only-start", action="store_true", help="only the start-up figures")
    ap.add_argument("--only-dials", action="store_true", help="only the dials at scale")
    ap.add_argument("--dial-repeats", type=int, default=5, help="repeats of each dial at scale")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="start-up as the environment is (lrtui compiled from source when PYTHONDONTWRITEBYTECODE is set)")
    args = ap.parse_args()
    every = not (args.only_dials or args.only_start)  # the --only flags go together: those parts alone
    if every:
        step = steps(args.keys)
        dial(args.dials, step)
        keys_at_scale()
    if every or args.only_dials:
        dials_at_scale(args.dial_repeats)
    if every or args.only_start:
        starts(args.starts, cached=not args.no_bytecode)


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


def dials_at_scale(repeats: int) -> None:
    t = dials_in_a_terminal(repeats=repeats)
    med = {name: statistics.median(v) for name, v in t.items()}
    print(f"the dials at scale in a real terminal (pty, 80×24), 16 η × 4 optimizers × 10,000 steps: key → last byte"
          f" of the frame that answers it, median of {repeats} (all)")
    rows = [("up", "↑ one η rung (4 runs anew)", "aim ≤ 100 ms"), ("down", "↓ one η rung", "aim ≤ 100 ms"),
            ("held", "↑ held, 20 at 30 Hz, last key", "aim ≤ 150 ms"), ("x0", ". / , x0 (64 runs anew)", "aim ≤ 300 ms"),
            ("up2", "↑↑, not computed ahead", "(4 runs)"), ("x02", ". . / , , not computed ahead", "(64 runs)")]
    every = "  ".join(f"{1000 * v:.0f}" for v in t["step"])
    print(f"  {'→ / ← a step (baseline)':32} {ms(med['step'])}   ({every})")
    for name, label, aim in rows:
        every = "  ".join(f"{1000 * v:.0f}" for v in t[name])
        print(f"  {label:32} {ms(med[name])}   ratio {med[name] / med['step']:5.1f}   {aim}   ({every})")


def starts(repeats: int, cached: bool) -> None:
    times = measure_starts(repeats, cached)
    how = "lrtui's bytecode cached" if cached else "as the environment is"
    print(f"start-up in a real terminal (pty, 80×24), a fresh interpreter to the frame on screen, {how}; "
          f"{repeats} repeats interleaved: median (ratio) · best (ratio)")
    rows = [("hello", "hello-world Textual", ""), ("first", "lrtui", "aim ≤ 2"),
            ("result", "lrtui with a result", "aim ≤ 2.5"), ("typed first", "lrtui -f TEXT", ""),
            ("typed", "… with a result", "a typed function: the symbolic worker answers")]
    for name, label, aim in rows:
        median, least = statistics.median(times[name]), min(times[name])
        ratios = median / statistics.median(times["hello"]), least / min(times["hello"])
        print(f"  {label:20} {ms(median)} ({ratios[0]:4.2f})  ·  {ms(least)} ({ratios[1]:4.2f})   {aim}")


if __name__ == "__main__":
    main()
