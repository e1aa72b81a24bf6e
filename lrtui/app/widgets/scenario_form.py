"""The fields, checked as typed: a bad one is marked and says why; Enter applies a good scenario.

The form never computes a descent: it posts ``Applied`` (Enter) or ``Left`` (Escape, after putting
back what is applied) and the screen computes once and takes the keys back.
"""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ...errors import Field, InputError
from ...teaching.scenario import Scenario
from ..field_widths import allot
from ..format import ascii_notation
from ..latest import Done, Latest, Outcome
from .fields import (
    BY_FIELD,
    FIELDS,
    FIRST_ROW,
    FormField,
    check,
    derivative_line,
    is_function,
    model_line,
    scenario_of,
    showing,
    shown,
)
from .fitted_text import FittedText
from .panel import Looks
from .text_field import TextField

HINT = "Enter applies · ↑↓ η · ,. x0 · ←→ step · ? help"
EDITED = "edited: Enter applies · Escape goes back to what is applied"
BUSY_AFTER = 0.25  # seconds: a quick computation never flashes "computing…"
NOTE_FOR = 6.0  # seconds a note stays in the message line
SECOND_ROW = tuple(f.field for f in FIELDS if f.field not in FIRST_ROW)


class ScenarioForm(Widget):
    BINDINGS = [
        Binding("escape", "leave", "leave", tooltip="leave the fields: they show what is applied again"),
    ]

    class Applied(Message):
        """Enter on valid fields: compute this scenario."""

        def __init__(self, scenario: Scenario) -> None:
            super().__init__()
            self.scenario = scenario

    class Left(Message):
        """Escape: the fields show the applied scenario again; the keys go back to the panels."""

    def __init__(self, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.applied = scenario
        self.errors: dict[Field, str] = {}
        self._checked: dict[Field, tuple[str, tuple[Any, str | None]]] = {}  # each field's last check: text, outcome
        self.info = HINT
        self.note: str | None = None
        self.busy = False
        self._busy_timer: Timer | None = None
        self._note_timer: Timer | None = None
        self._derivative: str | None = None  # f'(x) of the applied function
        # the symbolic worker can take a while: off the UI thread, the next keystroke's check at once
        self.checking: Latest[tuple[str, Any, str | None]] = Latest(self, self._function_checked, "check-function",
                                                                    overlap=True)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row"):
            for name in FIRST_ROW:
                yield from self._field(BY_FIELD[name])
            yield FittedText(id="derivative")
        with Horizontal(classes="row", id="second-row"):
            for name in SECOND_ROW:
                yield from self._field(BY_FIELD[name])
        yield Static(Text(self.info), id="message")

    def _field(self, f: FormField) -> ComposeResult:
        yield Label(f.label_of(self.applied), classes="field-label", id=f"{f.id}-label")
        placeholder = f.placeholder if f.empty_means else f"e.g. {f.placeholder}"
        field = TextField(f.text_of(self.applied), placeholder=placeholder, id=f.id, compact=True)
        field.tooltip = f.tooltip
        field.cursor_blink = False
        yield field

    def on_mount(self) -> None:
        self._show_model(self.applied)

    def on_unmount(self) -> None:
        self.checking.close()

    def on_resize(self) -> None:
        self.fit_widths()

    def fit_widths(self) -> None:
        """The second row's cells: every text whole when there is room, else each at least its first
        item (``lrtui.app.field_widths``); a cut text shows … (``TextField``)."""
        width = self.query_one("#second-row").size.width
        if width <= 0:
            return
        labels = {n.value: str(self.query_one(f"#{n}-label", Label).content) for n in SECOND_ROW}
        texts = {n.value: self.text(n) for n in SECOND_ROW}
        row = allot(texts, labels, width, keep_last=(Field.OPTIMIZER.value, Field.SCHEDULE.value))
        self.set_class(not row.padded, "-tight")
        for name, cells in row.cells.items():
            self.query_one(f"#{name}", Input).styles.width = cells + (1 if row.padded else 0)

    def _show_model(self, scenario: Scenario) -> None:
        """A model (not a typed function) leaves the f(x) field read-only and names the model;
        its batch size gets a field, and its budget counts epochs (see ``fields.counts_epochs``)."""
        field = self.query_one("#function", Input)
        model = not is_function(scenario)
        field.disabled = model
        for f in FIELDS:
            if f.model_only or f.function_only or f.noisy_only:
                self.query_one(f"#{f.id}").display = self.query_one(f"#{f.id}-label").display = shown(f, scenario)
            self.query_one(f"#{f.id}-label", Label).update(f.label_of(scenario))
        if model:
            self.mark(Field.FUNCTION, None)
            self.query_one("#derivative", FittedText).say(*model_line(scenario))

    # -- as typed -----------------------------------------------------------------------------
    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id not in BY_FIELD:
            return
        f = BY_FIELD[Field(event.input.id)]
        edited = not self._shows_applied(f, event.value)
        event.input.set_class(edited, "-edited")
        if not edited:
            self.mark(f.field, None)  # what the applied scenario says was checked when it was applied
            if f.field == Field.FUNCTION and self._derivative is not None:
                self._show_derivative(self._derivative)
            return
        if f.field == Field.FUNCTION:
            self._check_function(event.value)
        else:
            self.mark(f.field, self._check(f.field, event.value)[1])

    def _check(self, field: Field, text: str) -> tuple[Any, str | None]:
        """The field's text read, once: the applied value while it shows the applied text, the last
        check's outcome while the text is the one it checked, else a fresh check."""
        f = BY_FIELD[field]
        if text.strip() == f.text_of(self.applied).strip():
            return f.value_of(self.applied), None
        last = self._checked.get(field)
        if last is not None and last[0] == text:
            return last[1]
        outcome = check(field, text)
        self._checked[field] = (text, outcome)
        return outcome

    def _shows_applied(self, f: FormField, text: str) -> bool:
        """Does the field say what is applied: its text, or another spelling of the same value
        (``SGD`` for ``sgd``, ``0.10`` for ``0.1``)? A function is compared as typed."""
        if text.strip() == f.text_of(self.applied).strip():
            return True
        if f.field == Field.FUNCTION:
            return False
        value, error = self._check(f.field, text)
        return error is None and value == f.value_of(self.applied)

    def _check_function(self, text: str) -> None:
        if is_function(self.applied):
            self.checking.submit(lambda _: (text, *check(Field.FUNCTION, text)), f"checking f(x) = {text[:300]!r}")

    def _function_checked(self, outcome: Outcome[tuple[str, Any, str | None]]) -> None:
        if not isinstance(outcome, Done):
            return  # a later keystroke superseded this check (a check's problem is in its error)
        text, value, error = outcome.value
        if text != self.text(Field.FUNCTION):
            return  # a later keystroke has its own check coming
        self._checked[Field.FUNCTION] = (text, (value, error))
        self.mark(Field.FUNCTION, error)
        self._show_derivative("" if error else derivative_line(value.problem()))

    def _show_derivative(self, line: str) -> None:
        if cast(Looks, self.app).charset == "ascii":  # a terminal without ² and ·: 2x + 10*cos(x)
            line = ascii_notation(line)
        self.query_one("#derivative", FittedText).say(line)

    def show_result(self, scenario: Scenario, problem: Any) -> None:
        """A scenario was computed: it is the applied one, and its problem knows its derivative."""
        self.applied = scenario
        for f in FIELDS:
            field = self.query_one(f"#{f.id}", Input)
            field.set_class(not self._shows_applied(f, field.value), "-edited")
        if is_function(scenario):  # the noise's seed shows with noise or trials
            self._show_model(scenario)
        self.fit_widths()
        if is_function(scenario):
            self._derivative = derivative_line(problem)
            if self.text(Field.FUNCTION) == scenario.function:
                self._show_derivative(self._derivative)
        self.say()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        scenario = self.scenario()
        if scenario is None:
            first = next((f.id for f in FIELDS if f.field in self.errors), None)
            if first is not None:
                self.query_one(f"#{first}", Input).focus()
            return
        self.post_message(self.Applied(scenario))

    def scenario(self) -> Scenario | None:
        """The scenario the fields say (None, with the bad fields marked, if one cannot be read)."""
        model = not is_function(self.applied)
        values: dict[Field, Any] = {}
        for f in FIELDS:
            if (f.field == Field.FUNCTION and model) or not shown(f, self.applied):
                continue
            value, error = self._check(f.field, self.text(f.field))
            self.mark(f.field, error)
            values[f.field] = value
        if self.errors:
            return None
        try:
            return scenario_of(self.applied, values)
        except InputError as err:  # a model's batch larger than its data, too many epochs of batches
            if not self.show_error(err.field, str(err)):
                self.tell(str(err))
            return None

    def action_leave(self) -> None:
        """Escape: every field shows the applied scenario again (nothing is applied) and the keys go back."""
        self.fill(self.applied, keep_derivative=True)
        self.post_message(self.Left())

    # -- from the screen ----------------------------------------------------------------------
    def text(self, name: Field) -> str:
        return self.query_one(f"#{name}", Input).value

    def set_text(self, name: Field, text: str) -> None:
        """Show a value a dial turned (it is being applied): not an edit, nothing to check."""
        field = self.query_one(f"#{name}", Input)
        with field.prevent(Input.Changed):
            field.value = text
        field.remove_class("-edited")
        self.mark(name, None)
        self.fit_widths()

    def fill(self, scenario: Scenario, keep_derivative: bool = False) -> None:
        """Show a scenario in the fields (a preset, what the command line gave, or Escape)."""
        self.applied = scenario
        if not keep_derivative:
            self._derivative = None  # until the scenario is computed
        self._show_derivative(self._derivative or "")
        for f in FIELDS:
            field = self.query_one(f"#{f.id}", Input)
            with field.prevent(Input.Changed):
                field.value = f.text_of(scenario)
            field.remove_class("-edited")
            self.mark(f.field, None)
        self._show_model(scenario)
        self.fit_widths()

    def show_error(self, field: Field | None, message: str) -> bool:
        """Mark the field an error concerns (the budget field shows epochs' errors too); False when no
        field shows it."""
        shown = showing(field)
        if shown is None:
            return False
        self.mark(shown.field, message)
        return True

    def mark(self, name: Field, error: str | None) -> None:
        field = self.query_one(f"#{name}", Input)
        field.set_class(error is not None, "-bad")
        if error is None:
            self.errors.pop(name, None)
        else:
            self.errors[name] = error
        self.say()

    def set_busy(self, busy: bool) -> None:
        """Computing: said in the message line only once it takes longer than BUSY_AFTER."""
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        if busy and not self.busy:
            if BUSY_AFTER > 0:
                self._busy_timer = self.set_timer(BUSY_AFTER, self._show_busy)
            else:
                self._show_busy()
        elif not busy:
            self.busy = False
            self.say()

    def _show_busy(self) -> None:
        self._busy_timer = None
        self.busy = True
        self.say()

    def set_info(self, info: str | None) -> None:
        self.info = info or HINT
        self.say()

    def tell(self, note: str) -> None:
        """A passing note (why a key does nothing here…), in the message line for a few seconds."""
        self.note = note
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_FOR, self._forget_note)
        self.say()

    def _forget_note(self) -> None:
        self.note, self._note_timer = None, None
        self.say()

    def forget_note(self) -> None:
        """The passing note goes now (another scenario opens: it spoke of the one before)."""
        if self._note_timer is not None:
            self._note_timer.stop()
        self._forget_note()

    def say(self) -> None:
        message = self.query_one("#message", Static)
        focused = self.app.focused
        in_field = isinstance(focused, Input) and focused.id in BY_FIELD
        name = Field(focused.id) if in_field and focused is not None and focused.id in self.errors else None
        name = name or next((f.field for f in FIELDS if f.field in self.errors), None)
        if name is not None:
            text, kind = f"⚠ {self.errors[name]}", "-error"
        elif self.note is not None:
            text, kind = self.note, "-note"
        elif self.busy:
            text, kind = "computing…", "-busy"
        elif in_field and focused is not None and focused.id is not None:
            f = BY_FIELD[Field(focused.id)]
            value = self.text(f.field)
            long = len(value) >= focused.content_size.width
            text = f"{f.label_of(self.applied)} = {value}" if long else EDITED if self._edited() else self.info
            kind = "-info"
        else:
            text, kind = (EDITED if self._edited() else self.info), "-info"
        message.update(Text(text))
        for k in ("-error", "-note", "-busy", "-info"):
            message.set_class(k == kind, k)

    def _edited(self) -> bool:
        return any(field.has_class("-edited") for field in self.query(TextField))

    def on_descendant_focus(self) -> None:
        self.say()  # the focused field's problem (or its whole text) comes first

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.say)
