"""A lesson: a title and an ordered list of scenes, read from a TOML file (Python's ``tomllib``).

```toml
title = "What the learning rate does"
[[scene]]
title = "Too small"
note = "η = 0.01 crawls: after 20 steps x is still far from 2."
function = "(x-2)^2"      # or preset = "quadratic", model = "linreg", …
x0 = 10
lr = [0.01]               # or "0.01, 0.1"
steps = 20
step = 20                 # the step the scene opens at (default 0)
view = "landscape"        # the f chart's view (as the z key's)
steps_shown = "0:20"      # the steps of the scene's animation (lrtui shot … --output FILE.gif)
[scene.ask]               # a question, answered from the scene's result (lrtui.teaching.ask)
question = "Where is x after 20 steps?"
kind = "number"
quantity = "x_at"
```

A scene's scenario keys are the command line's (``lrtui.teaching.keys``): a ``preset`` fills
the rest and explicit keys override it; a relative ``data`` path is relative to the lesson
file. Everything is checked when the file is read — each scene's function is parsed and its
data file loaded — so a bad file is one :class:`InputError` line naming the file, the scene
and the key (or the TOML line), before any screen opens. The cost is bounded: at most
``MAX_BYTES`` of text and ``MAX_SCENES`` scenes, texts of bounded length, and
``PARSE_SECONDS`` for all the scenes' functions to be differentiated (each alone has the
symbolic worker's own limit); beyond, the lesson is refused, naming the scene it had reached.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Field, InputError
from ..limits import MAX_STEPS
from .ask import Ask, read_ask
from .keys import KEYS, LESSON_KEYS, scenario_of
from .scenario import Scenario

MAX_BYTES = 256 * 1024
MAX_SCENES = 99
MAX_TITLE = 80
MAX_NOTE = 400
MAX_FRAMES = 500  # an animation's frames: B − A + 1 of a steps range
PARSE_SECONDS = 20.0  # for every function of a lesson to be differentiated, in all
VIEW_NAMES = ("landscape", "path", "wide")  # lrtui.analysis.views.VIEWS, without importing NumPy here
SCENE_KEYS = ("title", "note", "step", "view", "steps_shown", "ask")
LESSON_TOP_KEYS = ("title", "note", "scene")
BUILT_IN = Path(__file__).with_name("lessons")  # package data: <name>.toml


@dataclass(frozen=True)
class Scene:
    number: int  # 1-based, in the lesson's order
    title: str
    note: str | None
    scenario: Scenario
    step: int = 0  # the step the scene opens at
    view: str | None = None  # the f chart's view; None: the app's default (landscape)
    steps_shown: tuple[int, int] | None = None  # an animation's first and last step
    ask: Ask | None = None  # the scene's question ([scene.ask]), answered from its result

    @property
    def slug(self) -> str:
        """``too-small``: the title in lowercase ASCII letters, digits and dashes (for file names)."""
        return slug(self.title)

    @property
    def file_stem(self) -> str:
        """``01-too-small``: the scene's number and slug, so a folder lists the scenes in order."""
        return f"{self.number:02d}-{self.slug}"


@dataclass(frozen=True)
class Lesson:
    title: str
    scenes: tuple[Scene, ...]
    source: str  # the file as given, or the built-in lesson's name
    note: str | None = None


# -- names and files -------------------------------------------------------------------------
GREEK = {"η": "eta", "α": "alpha", "β": "beta", "γ": "gamma", "μ": "mu", "λ": "lambda", "ε": "epsilon"}


def slug(title: str) -> str:
    """A file-name-safe form of a title: ``"Too small: η = 0.01"`` → ``too-small-eta-0-01``."""
    text = "".join(f" {GREEK[ch]} " if ch in GREEK else ch for ch in title.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return words[:40].rstrip("-") or "scene"


def built_in_names() -> list[str]:
    """The lessons that ship with lrtui (``lrtui lesson --list``)."""
    return sorted(p.stem for p in BUILT_IN.glob("*.toml"))


def load_lesson(ref: str) -> Lesson:
    """A lesson from a file path or a built-in lesson's name (``learning-rate``)."""
    name = ref.strip()
    if name in built_in_names() and not Path(name).exists():
        path, shown = BUILT_IN / f"{name}.toml", name
    else:
        path, shown = Path(name).expanduser(), name
        if not path.is_file():
            names = ", ".join(built_in_names())
            if path.is_dir():
                raise InputError(f"lesson {name!r} is a folder, not a lesson file (.toml)", field="lesson")
            what = "not a regular file" if path.exists() else "no such file"
            raise InputError(f"lesson {name!r}: {what}, nor a built-in lesson ({names})", field="lesson")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{shown}: too big for a lesson (at most {MAX_BYTES // 1024} KB)", field="lesson")
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(f"{shown}: cannot read it ({err.strerror or err})", field="lesson") from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"{shown}: too big for a lesson (at most {MAX_BYTES // 1024} KB)", field="lesson")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{shown}: not UTF-8 text (byte {err.start + 1})", field="lesson") from None
    return parse_lesson(text, shown, path.resolve().parent)


def parse_lesson(text: str, source: str, folder: Path) -> Lesson:
    """Read and check a lesson's TOML text; ``source`` names it in messages, ``folder`` anchors
    relative ``data`` paths."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{source}: {_toml_message(str(err))}", field="lesson") from None
    except RecursionError:  # arrays or tables nested thousands deep: tomllib recurses once a level
        raise InputError(f"{source}: not valid TOML for a lesson: arrays or tables nested too deeply",
                         field="lesson") from None
    where = _Where(source)
    _known(doc, LESSON_TOP_KEYS, where, "a lesson")
    title = _words(doc.get("title", Path(source).stem), "title", MAX_TITLE, where)
    note = _words(doc["note"], "note", MAX_NOTE, where) if "note" in doc else None
    scenes = doc.get("scene")
    if scenes is None:
        raise where.error("has no scenes: add at least one [[scene]] table")
    if not isinstance(scenes, list) or not all(isinstance(s, dict) for s in scenes):
        raise where.error("scene must be [[scene]] tables, one per scene", key="scene")
    if not scenes:
        raise where.error("has no scenes: add at least one [[scene]] table")
    if len(scenes) > MAX_SCENES:
        raise where.error(f"has {len(scenes)} scenes; at most {MAX_SCENES}")
    from ..expr.client import budget

    with budget(PARSE_SECONDS, "the lesson's functions"):
        parsed = tuple(_scene(n, s, source, folder) for n, s in enumerate(scenes, 1))
    return Lesson(title, parsed, source, note)


def _toml_message(message: str) -> str:
    """tomllib's ``Invalid value (at line 2, column 5)`` → ``line 2, column 5: invalid value``."""
    m = re.fullmatch(r"(.*?) \(at (line \d+, column \d+|end of document)\)", message)
    if not m:
        return f"not valid TOML: {message}"
    what = m.group(1)
    return f"{m.group(2)}: not valid TOML: {what[:1].lower()}{what[1:]}"


@dataclass(frozen=True)
class _Where:
    """Where in the lesson a problem is: the file, and the scene when there is one."""

    source: str
    number: int | None = None
    title: str | None = None

    def error(self, message: str, key: str | None = None) -> InputError:
        scene = "" if self.number is None else f", scene {self.number}" + (f" ({self.title!r})" if self.title else "")
        if key is not None and message.startswith(f"{key}: "):
            message = message[len(key) + 2:]
        place = f"{self.source}{scene}" + (f", key {key}" if key else "")
        return InputError(f"{place}: {message}", field="lesson")


def _known(table: Mapping[str, Any], keys: tuple[str, ...], where: _Where, what: str) -> None:
    for key in table:
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise where.error(f"{what} has no key {key!r}{hint} (valid: {', '.join(keys)})")


def _words(value: Any, key: str, limit: int, where: _Where) -> str:
    """A title or a note: text, whitespace runs made one space, no control characters, bounded."""
    if not isinstance(value, str):
        raise where.error(f"must be text in quotes, got {_kind(value)}", key=key)
    text = " ".join(value.split())
    if not text:
        raise where.error("is empty", key=key)
    bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf")), None)
    if bad is not None:
        raise where.error(f"has the control character {bad!r}", key=key)
    if len(text) > limit:
        raise where.error(f"too long ({len(text)} characters, at most {limit})", key=key)
    return text


def _cut(text: str, limit: int = 40) -> str:
    """A quoted value kept to one short line: its first ``limit`` characters and "…"."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    return {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__)


# -- one scene ---------------------------------------------------------------------------------
TEXT_KEYS = (Field.PRESET, Field.FUNCTION, Field.SCHEDULE, Field.MODEL, Field.DATA)
WHOLE_KEYS = (Field.STEPS, Field.SEED, Field.BATCH, Field.EPOCHS, Field.TRIALS, Field.TRIAL)
LIST_KEYS = (Field.X0, Field.LR)  # a number, a list of numbers, or text as the command line takes it


def _scene(number: int, table: dict[str, Any], source: str, folder: Path) -> Scene:
    where = _Where(source, number)
    title_value = table.get("title", table.get("preset", f"scene {number}"))
    title = _words(title_value, "title", MAX_TITLE, where)
    where = _Where(source, number, title)
    _known(table, (*SCENE_KEYS, *KEYS), where, "a scene")
    given: dict[str, str] = {key: _scenario_text(key, table[key], where) for key in KEYS if key in table}
    data = given.get(Field.DATA)
    if isinstance(data, str) and data.strip() and not Path(data.strip()).expanduser().is_absolute():
        given[Field.DATA] = str(folder / data.strip())
    try:
        scenario = scenario_of(given, LESSON_KEYS)  # the function parses and the data file loads: now, not mid-lesson
    except InputError as err:
        key = _key_of(err, given)
        raise where.error(_relative(str(err), folder), key=key) from None
    note = _words(table["note"], "note", MAX_NOTE, where) if "note" in table else None
    step = _whole(table.get("step", 0), "step", where)
    if step > scenario.steps:
        raise where.error(f"{step:,} is beyond the scene's {scenario.steps:,} steps", key="step")
    view = None
    if "view" in table:
        value = table["view"]
        if not isinstance(value, str) or value.strip().lower() not in VIEW_NAMES:
            what = repr(_cut(value)) if isinstance(value, str) else _kind(value)
            raise where.error(f"{what} is not a view; valid: {', '.join(VIEW_NAMES)}", key="view")
        view = value.strip().lower()
    shown = None
    if "steps_shown" in table:
        value = table["steps_shown"]
        text = value if isinstance(value, str) else f"{value[0]}:{value[1]}" if _pair(value) else None
        if text is None:
            raise where.error(f'must be text such as "0:20", got {_kind(value)}', key="steps_shown")
        try:
            shown = parse_range(text, "steps_shown")
        except InputError as err:
            raise where.error(str(err), key="steps_shown") from None
        if shown[1] > scenario.steps:
            raise where.error(f"{text.strip()} goes beyond the scene's {scenario.steps:,} steps", key="steps_shown")
    ask = None
    if "ask" in table:
        ask = read_ask(table["ask"], scenario, lambda message, key: where.error(message, key=key),
                       lambda value, key, limit: _words(value, key, limit, where))
    return Scene(number, title, note, scenario, step, view, shown, ask)


def _pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)


def _key_of(err: InputError, given: Mapping[str, Any]) -> str | None:
    """The key an error concerns: its field (the fields are named as the keys are)."""
    return err.field if err.field in (*KEYS, "lesson") or err.field in given else None


def _relative(message: str, folder: Path) -> str:
    """A data file's error names it as the lesson does, relative to the lesson's folder."""
    prefix = f"{folder}/"
    return message.replace(f"'{prefix}", "'").replace(prefix, "")


def _scenario_text(key: str, value: Any, where: _Where) -> str:
    """A scenario key's TOML value as the command line's text for it."""
    if key in TEXT_KEYS:
        if not isinstance(value, str):
            raise where.error(f"must be text in quotes, got {_kind(value)}", key=key)
        return value
    if key == Field.OPTIMIZER:
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "; ".join(value)
        if not isinstance(value, str):
            raise where.error(f'must be text such as "sgd; adam" or a list ["sgd", "adam"], got {_kind(value)}',
                              key=key)
        return value
    if key in LIST_KEYS:
        items = value if isinstance(value, list) else [value]
        if isinstance(value, str):
            return value
        if not items or not all(_is_number(v) for v in items):
            raise where.error(f"must be a number, a list of numbers or text such as \"0.01, 0.1\", got {_kind(value)}",
                              key=key)
        return ", ".join(_number_text(v) for v in items)
    if key in WHOLE_KEYS:
        if isinstance(value, str) or (type(value) is int):
            return str(value)
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)  # 20.0 reads as 20; 2.5 is refused as not whole, naming the key
        raise where.error(f"must be a whole number, got {_kind(value)}", key=key)
    if isinstance(value, str) or _is_number(value):  # tol
        return value if isinstance(value, str) else _number_text(value)
    raise where.error(f"must be a number, got {_kind(value)}", key=key)


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)  # not bool


def _number_text(value: int | float) -> str:
    return str(value) if type(value) is int else repr(float(value))  # nan, inf: refused by the reader


def _whole(value: Any, key: str, where: _Where) -> int:
    if type(value) is not int:
        raise where.error(f"must be a whole number, got {_kind(value)}", key=key)
    if not 0 <= value <= MAX_STEPS:
        raise where.error(f"must be from 0 to {MAX_STEPS:,}, got {value:,}", key=key)
    return value


# -- steps ranges ------------------------------------------------------------------------------
def parse_range(text: str, what: str = "--step") -> tuple[int, int]:
    """``"0:20"`` → (0, 20): the first and last step of an animation, both shown; at most MAX_FRAMES."""
    m = re.fullmatch(r"\s*(\d{1,7})\s*:\s*(\d{1,7})\s*", text)
    if not m:
        raise InputError(f"{what}: {text!r} is not FIRST:LAST, e.g. 0:20", field="step")
    first, last = int(m.group(1)), int(m.group(2))
    if last < first:
        raise InputError(f"{what}: {text.strip()} ends before it starts", field="step")
    if last > MAX_STEPS:
        raise InputError(f"{what}: steps go up to {MAX_STEPS:,}, got {last:,}", field="step")
    if last - first + 1 > MAX_FRAMES:
        raise InputError(f"{what}: {last - first + 1:,} frames; at most {MAX_FRAMES}", field="step")
    return first, last
