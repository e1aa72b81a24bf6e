"""Fields never show a false value: at 80×24 and 60×20 every field shows all of its text or what
fits with … where it is cut (after a whole item); opt and sched show at least their first name;
the focused field's whole text is in the message line; the run status never breaks inside ``gamma=0.5``."""

import pytest
from app_helpers import make_app, settle
from textual.widgets import Input, Static

from lrtui.app.format import cut, wrap_words
from lrtui.app.render import screen_text
from lrtui.app.widgets.fields import BY_FIELD
from lrtui.cli import shot
from lrtui.teaching.presets import PRESETS, preset


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


def shown(field: Input) -> str:
    """What an unfocused field shows (its text area, without the padding)."""
    return field.render_line(0).text.rstrip()


def honest(text: str, value: str) -> bool:
    """All of the value, or a start of it (ending at a whole item when it is a list) marked with …"""
    if text == value:
        return True
    head = text[:-1].rstrip()
    whole_items = (head.endswith((",", ";", ":")) or value[len(head):len(head) + 1] in (",", ";", ":")
                   or not any(c in value[: len(head) + 1] for c in ",;:"))
    return text.endswith("…") and value.startswith(head) and whole_items


def first_name(value: str) -> str:
    return value.replace(";", ":").split(":")[0].strip()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("name", list(PRESETS))
async def test_every_preset_field_shows_its_whole_text_or_marks_the_cut(name, size):
    app = make_app(preset(name).scenario)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.pause()
        for f in BY_FIELD:
            field = app.query_one(f"#{f}", Input)
            if not field.display:
                continue
            text, value = shown(field), field.value or field.placeholder  # empty: what empty means
            assert honest(text, value), (f, text, value)
            if f in ("optimizer", "schedule"):
                assert text.startswith(first_name(field.value)), (f, text)
        if size == (80, 24):  # at 80 columns the short fields are whole
            for f in ("x0", "steps", "tol", "optimizer"):
                assert shown(app.query_one(f"#{f}", Input)) == app.query_one(f"#{f}", Input).value, f


@pytest.mark.parametrize("name, words", [("trap", "η 0.01, 0.07, 0.12 "), ("saddle", "η 0.01, 0.1, 0.4 "),
                                         ("rosenbrock", "0.0005, 0.0015, …"), ("step-decay", "step:step_size=10,gamma=0.5")])
def test_preset_fields_read_from_lrtui_shot_text_at_80x24(name, words, tmp_path):
    out = tmp_path / "screen.txt"
    assert shot.main(["--preset", name, "--size", "80x24", "-o", str(out)]) == 0
    second_row = out.read_text().splitlines()[1]
    assert words in " ".join(second_row.split()) + " "


async def test_at_60x20_the_default_fields_are_honest():
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.pause()
        row = screen_text(app).splitlines()[1]
        assert "0.01, …" in row and "constant" in row and "1e-8" in row  # the seed showed "η  0"


async def test_after_editing_an_unfocused_field_shows_its_start_and_the_focused_one_scrolls():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        field = app.query_one("#lr", Input)
        field.focus()
        await pilot.press("end", *", 0.2, 0.3, 0.4, 0.6, 0.7, 0.8")
        assert message(app) == "η = 0.01, 0.1, 0.5, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8"  # all of it while typing
        assert field.scroll_offset.x > 0  # focused: it scrolls to the cursor
        await pilot.press("tab")
        await pilot.pause()
        text = shown(field)
        assert text.startswith("0.01, 0.1,") and text.endswith("…")  # the seed showed its tail: "001, 0.01, 0.1"
        assert text == cut(field.value, field.scrollable_content_region.width)


async def test_step_decay_fields_and_status_at_80x24():
    p = preset("step-decay")
    app = make_app(p.scenario, lesson=p.lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for name in ("lr", "x0", "steps", "tol", "optimizer", "schedule"):
            field = app.query_one(f"#{name}", Input)
            assert field.content_size.width >= len(field.value), name
        sched = app.query_one("#schedule", Input)
        sched.focus()
        await pilot.pause()
        assert message(app) == "sched = step:step_size=10,gamma=0.5"
        await pilot.press("escape")
        await pilot.pause()
        assert message(app) == p.lesson  # back to the lesson once the field is left
        text = screen_text(app)
        assert "gamma=0.\n" not in text.replace(" ", "").replace("│", "")


def test_cut_marks_where_a_list_is_cut():
    assert cut("0.01, 0.07, 0.12", 15) == "0.01, 0.07, …"
    assert cut("0.01, 0.07, 0.12", 16) == "0.01, 0.07, 0.12"
    assert cut("step:step_size=10,gamma=0.5", 10) == "step:…"
    assert cut("x**4 - 4*x**2 + x", 10) == "x**4 - 4*…"
    assert cut("-1.5, 2", 5) == "-1.5…"


def test_wrap_words_breaks_at_spaces_and_commas_only():
    line = "sgd with step:step_size=10,gamma=0.5: converged at step 11"
    assert wrap_words(line, 30) == ["sgd with step:step_size=10,", "gamma=0.5: converged at step", "11"]
    assert wrap_words("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap_words("", 5) == [""]


LABELS = {"lr": "η", "x0": "x0", "steps": "steps", "tol": "tol", "optimizer": "opt", "schedule": "sched"}


def texts(lr, x0, steps, tol, opt, sched):
    return dict(zip(LABELS, (lr, x0, steps, tol, opt, sched), strict=True))


def test_allot_gives_whole_texts_first_then_room():
    from lrtui.app.field_widths import allot

    trap = texts("0.01, 0.07, 0.12", "2.5", "200", "1e-8", "sgd", "constant")
    row = allot(trap, LABELS, 78)
    assert row.padded and all(row.cells[n] >= len(t) for n, t in trap.items())
    row = allot(trap, LABELS, 118)  # with room to spare, a cell for the cursor after every text
    assert row.padded and all(row.cells[n] > len(t) for n, t in trap.items())
    step_decay = texts("1, 1.05", "10", "40", "1e-8", "sgd", "step:step_size=10,gamma=0.5")
    row = allot(step_decay, LABELS, 78)  # whole, without padding, rather than cut
    assert not row.padded and all(row.cells[n] >= len(t) for n, t in step_decay.items())
    row = allot(texts("0.0005, 0.0015, 0.002, 0.0021", "-1.5, 2", "20000", "1e-8", "sgd", "constant"), LABELS, 78)
    assert row.cells["lr"] < 29 and all(row.cells[n] >= 3 for n in ("optimizer",)) and row.cells["schedule"] >= 8
    assert sum(row.cells.values()) + sum(len(label) + 2 for label in LABELS.values()) <= 78  # fits the row


def test_allot_at_60_columns_keeps_the_names_and_cuts_the_list():
    from lrtui.app.field_widths import allot

    row = allot(texts("0.01, 0.1, 0.5", "10", "20", "1e-8", "sgd", "constant"), LABELS, 58)
    assert row.cells["schedule"] >= 8 and row.cells["optimizer"] >= 3 and row.cells["tol"] >= 4
    assert cut("0.01, 0.1, 0.5", row.cells["lr"]).endswith("…")
