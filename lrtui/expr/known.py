"""Known answers: the symbolic worker's answers for the function texts lrtui itself ships.

The presets, the built-in lessons and the default scenario name a handful of texts. Their
derivations are fixed (the worker's answer for a text never depends on the machine or on
time), so they are kept in ``known.json`` beside this module, exactly as the worker sends
them, and :mod:`lrtui.expr.client` answers those texts without starting the worker: the
default scenario's first result needs no sympy at all.

Nothing changes about what runs: a known answer is read with the same
:meth:`~lrtui.expr.protocol.Derivation.from_json` as a live one, and its NumPy source goes
through the same check (:mod:`lrtui.expr.compiled`) before it is compiled. A text a user
types that is not in the file still goes to the worker.

``known.json`` is generated: ``python scripts/make_known_answers.py`` asks a live worker for
every text lrtui ships and writes the file; ``tests/test_known_answers.py`` asks a live
worker again for every entry and fails on any difference, and on any shipped text missing.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from lrtui.expr.protocol import Derivation

__all__ = ["PATH", "answer", "table"]

PATH = Path(__file__).with_name("known.json")  # package data: {text: the worker's derivation}


def answer(text: str) -> Derivation | None:
    """The derivation the worker would send for ``text``, if lrtui ships that text; else None.

    The worker strips the text before reading it, so a text is known with any spaces around it."""
    return table().get(text.strip())


@lru_cache(maxsize=1)
def table() -> dict[str, Derivation]:
    """Every known answer by text (read once; an unreadable file knows nothing: the worker answers)."""
    try:
        raw = json.loads(PATH.read_text(encoding="utf-8"))
        return {str(text): Derivation.from_json(data) for text, data in raw.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
