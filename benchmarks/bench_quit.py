"""How long q (or ctrl+q) takes to end lrtui mid-computation, beside quitting an idle lrtui.

    python benchmarks/bench_quit.py [--repeats 3]

lrtui runs in a pseudo-terminal of 80×24, as a user starts it; the figure is the time from
writing the key to the process having exited (its terminal restored, its symbolic worker
gone). The baseline, measured in the same run: q on the quadratic preset, computed and idle.
The cases press the key while the work is under way:

- 19 η × 1,000,000 steps (the loop over arrays of runs), 2 s after the first frame;
- one η × 1,000,000 steps of adam (the loop on floats), 1 s after the first frame;
- the same 19 η after six η-dial presses (↑), each superseding the computation before it;
- the sweep screen (w) of a 1,000,000-step scenario: 200 η, ctrl+q 2 s after w.

The aim (issue 9): under 1 s, whatever is running. Not a test: pytest skips it.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import termios
import time

from docs_page import writes_docs_section

LRS = ",".join(f"{0.001 * (i + 1):g}" for i in range(19))
BIG = ["-f", "x^2 + 10 sin(x)", "--x0", "3", "--lr", LRS, "--steps", "1000000", "--tol", "0"]
CASES: dict[str, tuple[list[str], list[tuple[float, bytes]], bytes]] = {
    # name: (flags, [(seconds to wait, keys to write)] before quitting, the quitting key)
    "idle: the quadratic preset, computed (baseline)": (["--preset", "quadratic"], [(2.0, b"")], b"q"),
    "19 η × 1 M steps, mid-computation": (BIG, [(2.0, b"")], b"q"),
    "1 η × 1 M steps of adam (on floats), mid-computation": (
        ["-f", "x^2 + 10 sin(x)", "--x0", "3", "--lr", "0.01", "--steps", "1000000", "--tol", "0",
         "--optimizer", "adam"], [(1.0, b"")], b"q"),
    "19 η × 1 M steps after six η-dial presses": (BIG, [(1.0, b"")] + [(0.3, b"\x1b[A")] * 6, b"q"),
    "the sweep screen of a 1 M-step scenario, mid-sweep (ctrl+q)": (
        ["-f", "x^2 + 10 sin(x)", "--x0", "3", "--lr", "0.01", "--steps", "1000000", "--tol", "0"],
        [(6.0, b"w"), (2.0, b"")], b"\x11"),
}


def _drain(fd: int, seconds: float) -> None:
    """Read what the app draws for ``seconds`` (a terminal that is not read blocks its writer)."""
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return


def quit_seconds(flags: list[str], before: list[tuple[float, bytes]], key: bytes) -> float:
    """Seconds from writing ``key`` to the exit of ``lrtui flags`` (after the ``before`` keys)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: lrtui, as a user starts it
        os.execvpe(sys.executable, [sys.executable, "-m", "lrtui", *flags],
                   dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        for wait, keys in before:
            _drain(fd, wait)
            if keys:
                os.write(fd, keys)
        start = time.perf_counter()
        os.write(fd, key)
        while True:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return time.perf_counter() - start
            _drain(fd, 0.005)
            if time.perf_counter() - start > 120:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                return float("inf")
    finally:
        os.close(fd)


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.repeats):  # interleaved: the machine's load falls on all alike
        for name, (flags, before, key) in CASES.items():
            times[name].append(quit_seconds(flags, before, key))
    base = statistics.median(next(iter(times.values())))
    print(f"q → the process has exited, in an 80×24 pty: median of {args.repeats} (ratio to the baseline) · worst")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<62} {median * 1000:7.0f} ms ({median / base:5.2f}) · {max(values) * 1000:5.0f} ms")


if __name__ == "__main__":
    main()
