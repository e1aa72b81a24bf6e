"""The fields, checked as typed: a bad one is marked and says why; Enter applies a good scenario.

The form never computes a descent: it posts ``Applied`` and the app computes once.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from ...scenario import Scenario
from .fields import BY_NAME, FIELDS, check, derivative_line, is_function, model_line, scenario_of

HINT = "Enter applies · ←/→ step · [ ] run · ? help"
# Each field of the second row gets room in proportion to its text, at least this many cells' worth:
# at 80 columns a long schedule or optimizer list takes the room the short numbers leave.
LEAST = {"lr": 8, "x0": 4, "steps": 5, "tol": 6, "optimizer": 5, "schedule": 8}


class ScenarioForm(Widget):
    class Applied(Message):
        def __init__(self, scenario: Scenario) -> None:
            super().__init__()
            self.scenario = scenario

    def __init__(self, scenario: Scenario, **kwargs) -> None:
        super().__init__(**kwargs)
        self.applied = scenario
        self.errors: dict[str, str] = {}
        self.info = HINT
        self.busy = False
        self._derivative: str | None = None  # f'(x) of the applied function

    def compose(self) -> ComposeResult:
        first, *rest = FIELDS
        with Horizontal(classes="row"):
            yield from self._field(first)
            yield Static("", id="derivative")
        with Horizontal(classes="row"):
            for f in rest:
                yield from self._field(f)
        yield Static(Text(self.info), id="message")

    def _field(self, f) -> ComposeResult:
        yield Label(f.label, classes="field-label")
        field = Input(f.text_of(self.applied), placeholder=f"e.g. {f.placeholder}", id=f.name, compact=True)
        field.tooltip = f.tooltip
        field.cursor_blink = False
        yield field

    def on_mount(self) -> None:
        self._show_model(self.applied)
        self._fit_widths()

    def _fit_widths(self) -> None:
        """Room in proportion to the text; every field but the longest keeps all of its text in view."""
        fields = {name: self.query_one(f"#{name}", Input) for name in LEAST}
        longest = max(fields, key=lambda name: len(fields[name].value))
        for name, field in fields.items():
            field.styles.width = f"{max(len(field.value) + 2, LEAST[name])}fr"
            field.styles.min_width = None if name == longest else len(field.value) + 1

    def _show_model(self, scenario: Scenario) -> None:
        """A model (not a typed function) leaves the f(x) field read-only and names the model."""
        field = self.query_one("#function", Input)
        field.disabled = not is_function(scenario)
        if field.disabled:
            self.mark("function", None)
            field.value = scenario.model
            self.query_one("#derivative", Static).update(Text(model_line(scenario)))

    # -- as typed -----------------------------------------------------------------------------
    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = event.input.id
        if name in BY_NAME and event.value == BY_NAME[name].text_of(self.applied):
            self.mark(name, None)  # what the applied scenario says was checked when it was applied
            if name == "function" and self._derivative is not None:
                self._show_derivative(self._derivative)
            return
        if name == "function":
            self._check_function(event.value)
        elif name in BY_NAME:
            self.mark(name, check(name, event.value)[1])

    @work(thread=True, exclusive=True, group="check-function")
    def _check_function(self, text: str) -> None:
        if not is_function(self.applied):
            return
        value, error = check("function", text)  # the symbolic worker can take a while: off the UI thread
        if get_current_worker().is_cancelled:
            return  # a later keystroke superseded this check
        self.app.call_from_thread(self._function_checked, text, value, error)

    def _function_checked(self, text: str, value: Any, error: str | None) -> None:
        if text != self.query_one("#function", Input).value:
            return  # a later keystroke has its own check coming
        self.mark("function", error)
        self._show_derivative("" if error else derivative_line(value))

    def _show_derivative(self, line: str) -> None:
        self.query_one("#derivative", Static).update(Text(line))

    def show_result(self, scenario: Scenario, problem) -> None:
        """A scenario was computed: it is the applied one, and its problem knows its derivative."""
        self.applied = scenario
        self._fit_widths()
        if is_function(scenario):
            self._derivative = derivative_line(problem)
            if self.text("function") == scenario.function:
                self._show_derivative(self._derivative)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values: dict[str, Any] = {}
        for f in FIELDS:
            if f.name == "function" and not is_function(self.applied):
                continue
            value, error = check(f.name, self.text(f.name))
            self.mark(f.name, error)
            values[f.name] = value
        if self.errors:
            first = next(f.name for f in FIELDS if f.name in self.errors)
            self.query_one(f"#{first}", Input).focus()
            return
        self.post_message(self.Applied(scenario_of(self.applied, values, self.text("function"))))

    # -- from the app -------------------------------------------------------------------------
    def text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def fill(self, scenario: Scenario) -> None:
        """Show a scenario in the fields (a preset, or what the command line gave)."""
        self.applied = scenario
        self._derivative = None  # until the scenario is computed
        self._show_derivative("")
        for f in FIELDS:
            self.query_one(f"#{f.name}", Input).value = f.text_of(scenario)
        self._show_model(scenario)
        self._fit_widths()

    def mark(self, name: str, error: str | None) -> None:
        field = self.query_one(f"#{name}", Input)
        field.set_class(error is not None, "-invalid")
        if error is None:
            self.errors.pop(name, None)
        else:
            self.errors[name] = error
        self.say()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.say()

    def set_info(self, info: str | None) -> None:
        self.info = info or HINT
        self.say()

    def say(self) -> None:
        message = self.query_one("#message", Static)
        focused = self.app.focused
        name = focused.id if isinstance(focused, Input) and focused.id in self.errors else None
        name = name or next((f.name for f in FIELDS if f.name in self.errors), None)
        if name is not None:
            text, kind = f"⚠ {self.errors[name]}", "-error"
        elif self.busy:
            text, kind = "computing…", "-busy"
        elif (isinstance(focused, Input) and focused.id in BY_NAME
              and len(focused.value) >= focused.content_size.width):
            text, kind = f"{BY_NAME[focused.id].label} = {focused.value}", "-info"  # all of a long field
        else:
            text, kind = self.info, "-info"
        message.update(Text(text))
        for k in ("-error", "-busy", "-info"):
            message.set_class(k == kind, k)

    def on_descendant_focus(self) -> None:
        self.say()  # the focused field's problem (or its whole text) comes first

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.say)
