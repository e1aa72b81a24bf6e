"""Write lrtui/expr/known.json: the symbolic worker's answers for every function text lrtui ships.

    python scripts/make_known_answers.py

The texts are the presets', the built-in lessons' scenes' and the default scenario's
(:func:`shipped_texts`). Each is sent to a live worker that knows no answer beforehand, and its
answer is written as the worker sent it. Run it after changing a preset, a built-in lesson or
anything the worker prints (the parser, the printer, sympy's version): tests/test_known_answers.py
fails until the file matches the live worker again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lrtui.expr.client import Client  # noqa: E402
from lrtui.expr.known import PATH  # noqa: E402
from lrtui.expr.protocol import Derivation  # noqa: E402


def shipped_texts() -> list[str]:
    """Every function text lrtui itself names, stripped, once each, in a stable order."""
    from lrtui.teaching.lesson import built_in_names, load_lesson
    from lrtui.teaching.presets import PRESETS
    from lrtui.teaching.scenario import Scenario

    texts = [Scenario().function, *(p.scenario.function for p in PRESETS.values())]
    for name in built_in_names():
        texts += [scene.scenario.function for scene in load_lesson(name).scenes]
    return sorted({text.strip() for text in texts if text is not None})  # a model has no function


def live_answers(texts: list[str]) -> dict[str, Derivation]:
    """Each text's derivation from a fresh worker, with no known answer in the way."""
    client = Client(known=lambda text: None)
    try:
        return {text: client.derivation(text) for text in texts}
    finally:
        client.close()


def main() -> None:
    answers = live_answers(shipped_texts())
    data = {text: derivation.to_json() for text, derivation in answers.items()}
    PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{PATH.relative_to(ROOT)}: {len(data)} texts ({', '.join(data)})")


if __name__ == "__main__":
    main()
