"""The cyclic garbage collector waits while the app starts, until its first result is on screen.

Starting the app allocates a few hundred thousand objects that live as long as it does (Textual's
modules and widgets, NumPy, plotext, the first result): the collector would walk them over and
over on the way to the first frame with a result (≈ 40 ms of it, benchmarks/bench_ui.py) and find
almost nothing to free. Held, it runs once the first result is shown (or a second after the first
frame, whichever comes first); reference counting frees everything else as usual meanwhile.
Standard library only.
"""

from __future__ import annotations

import gc

__all__ = ["hold", "release"]

_held = False


def hold() -> None:
    """Stop the collector until :func:`release` (only if it runs: one that was stopped stays so)."""
    global _held
    if gc.isenabled() and not _held:
        gc.disable()
        _held = True


def release() -> None:
    """Start the collector again if :func:`hold` stopped it; otherwise nothing."""
    global _held
    if _held:
        _held = False
        gc.enable()
