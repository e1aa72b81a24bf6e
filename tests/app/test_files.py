"""s saves an SVG and e a CSV in the screenshot folder and say where; names carry the run's whole η;
nothing is ever written through a symlink or over a file lrtui did not create."""

import csv
import os
import re
from datetime import datetime

import pytest
from app_helpers import make_app, settle
from textual.command import CommandPalette

from lrtui.app import files
from lrtui.app.files import NotARegularFile, create_new, write_named
from lrtui.teaching.presets import preset

NOW = datetime(2026, 12, 1, 14, 42, 40)


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(files, "clock", lambda: NOW)


def last_notification(app):
    return list(app._notifications)[-1]


async def test_s_saves_a_timestamped_svg_and_says_where(app_in, tmp_path):
    app = app_in()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        files_ = list(tmp_path.glob("lrtui-*.svg"))
        assert len(files_) == 1 and re.fullmatch(r"lrtui-\d{8}-\d{6}\.svg", files_[0].name)
        assert files_[0].read_text().startswith("<svg")
        assert str(files_[0]) in last_notification(app).message


async def test_e_exports_the_selected_run_named_by_its_whole_eta(app_in, tmp_path, frozen_clock):
    app = app_in()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "e")
        (path,) = tmp_path.glob("lrtui-*.csv")
        assert path.name == "lrtui-lr0.1-20261201-144240.csv"
        rows = list(csv.reader(path.open()))
        assert rows[0] == ["run", "lr", "step", "x", "loss", "grad", "update"]
        assert len(rows) == 1 + 21 and {r[1] for r in rows[1:]} == {"0.1"}
        assert f"η=0.1 exported to {path}" in last_notification(app).message


async def test_every_run_gets_its_own_name(app_in, tmp_path, frozen_clock):
    """The seed named η = 1.1 'lr1' and both 0.4 and 0.01 'lr0'."""
    app = app_in(preset("quadratic").scenario.with_(lrs=(0.4, 0.01, 1.1, 0.1 + 0.2)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for _ in range(4):
            await pilot.press("e", "right_square_bracket")
        names = sorted(p.name for p in tmp_path.glob("*.csv"))
        assert names == [f"lrtui-lr{lr}-20261201-144240.csv" for lr in ("0.01", "0.30000000000000004", "0.4", "1.1")]


async def test_with_several_optimizers_the_name_says_which(app_in, tmp_path, frozen_clock):
    app = app_in(preset("momentum").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e", "right_square_bracket", "e")
        names = sorted(p.name for p in tmp_path.glob("*.csv"))
        assert names == ["lrtui-momentum-lr0.02-20261201-144240.csv", "lrtui-sgd-lr0.02-20261201-144240.csv"]


async def test_s_and_e_never_write_through_a_planted_symlink(app_in, tmp_path, frozen_clock):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in ("lrtui-20261201-144240.svg", "lrtui-lr0.01-20261201-144240.csv"):
        (tmp_path / name).symlink_to(victim)
    (tmp_path / "lrtui-20261201-144240-2.svg").symlink_to(tmp_path / "nowhere")  # dangling: not followed either
    app = app_in()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", "e")
        assert victim.read_text() == "precious"
        assert not (tmp_path / "nowhere").exists()
        svg, csv_ = tmp_path / "lrtui-20261201-144240-3.svg", tmp_path / "lrtui-lr0.01-20261201-144240-2.csv"
        assert svg.read_text().startswith("<svg") and not svg.is_symlink()
        assert csv_.read_text().startswith("run,lr,step") and not csv_.is_symlink()
        notes = [n.message for n in app._notifications]
        assert any(str(svg) in n for n in notes) and any(str(csv_) in n for n in notes)


def test_names_taken_in_the_same_second_get_a_number(tmp_path):
    first = create_new(tmp_path, "lrtui", ".svg", "a", now=NOW)
    second = create_new(tmp_path, "lrtui", ".svg", "b", now=NOW)
    assert first.name == "lrtui-20261201-144240.svg" and second.name == "lrtui-20261201-144240-2.svg"
    assert first.read_text() == "a" and second.read_text() == "b"


def test_a_named_file_is_replaced_only_when_it_is_a_regular_file(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "shot.svg"
    link.symlink_to(victim)
    with pytest.raises(NotARegularFile):
        write_named(link, "<svg/>")
    assert victim.read_text() == "precious"
    folder = tmp_path / "folder.svg"
    folder.mkdir()
    with pytest.raises(NotARegularFile):
        write_named(folder, "<svg/>")
    fifo = tmp_path / "fifo.svg"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile):
        write_named(fifo, "<svg/>")  # refused at once: never blocks waiting for a reader
    regular = tmp_path / "old.svg"
    regular.write_text("a much longer old content")
    write_named(regular, "<svg/>")
    assert regular.read_text() == "<svg/>"


async def test_an_unwritable_folder_is_reported_not_a_crash(tmp_path):
    app = make_app(screenshot_dir=str(tmp_path / "missing"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", "e")
        notes = list(app._notifications)
        assert [n.severity for n in notes[-2:]] == ["error", "error"]
        assert "could not save the screenshot" in notes[-2].message and "could not export" in notes[-1].message
        assert app.is_running


async def test_the_palettes_screenshot_is_lrtuis_own(app_in, tmp_path):
    """Textual's writes to ~/Downloads (often missing over SSH); lrtui's goes to --screenshot-dir."""
    app = app_in()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Screenshot", "enter")
        await settle(app, pilot)
        (svg,) = tmp_path.glob("lrtui-*.svg")
        shot = svg.read_text().replace("&#160;", " ")
        assert "step 0 of 20" in shot and "Screenshot" not in shot  # the screen, not the palette
        assert str(svg) in last_notification(app).message


async def test_a_folder_name_with_escapes_or_markup_is_shown_as_written(tmp_path):
    """The notification quotes the folder: an escape in its name is made visible (it would reach the
    terminal: OSC 52 writes the clipboard) and square brackets are text, not Textual markup."""
    folder = tmp_path / "a\x1b]52;c;cHduZWQ=\x07[b]bold"
    folder.mkdir()
    app = make_app(screenshot_dir=str(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        note = last_notification(app)
        assert "\x1b" not in note.message and "\\x1b]52;c;cHduZWQ=\\x07[b]bold" in note.message
        assert note.markup is False
