"""A benchmark's figures in docs/benchmarks.md: each script rewrites its own section of the page.

A benchmark's ``main`` is decorated::

    from docs_page import writes_docs_section

    @writes_docs_section
    def main() -> None: ...

and ``python benchmarks/bench_x.py [its flags] --write-docs`` then runs as usual (the flag is
taken out before the script's own parser sees it), prints as usual, and — only when the run
finished — puts what it printed into docs/benchmarks.md between the script's markers
(``<!-- begin bench_x.py -->`` and ``<!-- end bench_x.py -->``), under one line saying when,
how and on what it was measured. Every benchmark prints each figure beside a baseline measured
in the same run, so the section keeps both and their ratio. Nothing else of the page changes.
"""

from __future__ import annotations

import datetime
import functools
import io
import os
import platform
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

FLAG = "--write-docs"
PAGE = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def markers(script: str) -> tuple[str, str]:
    return f"<!-- begin {script} -->", f"<!-- end {script} -->"


class Tee(io.TextIOBase):
    """Writes go to the terminal as usual and are kept for the page."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.kept = out, io.StringIO()

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def machine() -> str:
    """What the figures were measured on: Python, NumPy, the cores and the load before the run."""
    try:
        import numpy

        numpy_version = f", NumPy {numpy.__version__}"
    except ImportError:  # pragma: no cover - every benchmark's environment has NumPy
        numpy_version = ""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Python {platform.python_version()}{numpy_version}, {os.cpu_count()} cores, "
            f"load {load:.2f} at the start")


def section(script: str, args: list[str], printed: str, when: str, on: str) -> str:
    command = " ".join(["python", f"benchmarks/{script}", *map(shlex.quote, args)])
    begin, end = markers(script)
    return (f"{begin}\nMeasured {when} with `{command}` ({on}):\n\n```text\n{printed.rstrip()}\n```\n{end}")


def replace_section(page: str, script: str, text: str) -> str:
    """The page with the section of ``script`` replaced by ``text`` (a section it lacks is refused)."""
    begin, end = markers(script)
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(page):
        raise SystemExit(f"{PAGE} has no section for {script}: add the lines {begin} and {end}")
    return pattern.sub(lambda _: text, page, count=1)


def writes_docs_section(main: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``main``; with ``--write-docs`` on the command line, put what it printed into the page."""

    @functools.wraps(main)
    def run() -> Any:
        if FLAG not in sys.argv[1:]:
            return main()
        script = Path(sys.argv[0]).name
        sys.argv = [sys.argv[0], *(a for a in sys.argv[1:] if a != FLAG)]
        replace_section(PAGE.read_text("utf-8"), script, "")  # a missing section is said before the run
        when, on = datetime.date.today().isoformat(), machine()
        out, tee = sys.stdout, Tee(sys.stdout)
        sys.stdout = tee
        try:
            value = main()
        finally:
            sys.stdout = out
        text = section(script, sys.argv[1:], tee.kept.getvalue(), when, on)
        PAGE.write_text(replace_section(PAGE.read_text("utf-8"), script, text), "utf-8")
        print(f"wrote its section of {PAGE.relative_to(PAGE.parents[1])}")
        return value

    return run
