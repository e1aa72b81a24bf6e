"""Where lrtui shot writes: the file --output names (or the deck's folder) and nothing else; a
folder that cannot be written is one line and exit 2, never a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lrtui.cli import main


def shoot(*flags: str) -> int:
    return main(["shot", *flags])


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """The working folder: nothing may appear in it."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_s_and_e_in_a_shot_write_beside_the_output_not_in_the_working_folder(tmp_path, elsewhere):
    out = tmp_path / "out"
    out.mkdir()
    assert shoot("--preset", "quadratic", "--press", "s,e", "--size", "80x24", "--output", str(out / "x.txt")) == 0
    assert list(elsewhere.iterdir()) == []
    names = sorted(p.name for p in out.iterdir())
    assert names[-1] == "x.txt" and len(names) == 3
    assert names[0].startswith("lrtui-") and names[0].endswith(".svg")  # s: the screen
    assert names[1].startswith("lrtui-lr0.01") and names[1].endswith(".csv")  # e: the table's run


def test_s_in_a_deck_writes_into_the_deck_s_folder(tmp_path, elsewhere):
    deck = tmp_path / "deck"
    assert shoot("--lesson", "learning-rate", "--scene", "1", "--press", "s", "--format", "txt", "--size", "80x24",
                 "--output", str(deck)) == 0
    assert list(elsewhere.iterdir()) == []
    names = sorted(p.name for p in deck.iterdir())
    assert names[0] == "01-too-small.txt" and names[1].startswith("lrtui-") and names[1].endswith(".svg")


@pytest.fixture
def read_only(tmp_path) -> Iterator[Path]:
    """A folder nobody may write in: /sys for root (whom permissions do not stop), else a chmod 555 one."""
    if os.geteuid() == 0:
        if not (sys.platform.startswith("linux") and Path("/sys/kernel").is_dir()):
            pytest.skip("root, and no read-only file system to write in")
        yield Path("/sys")
        return
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("flags", [
    ["--lesson", "learning-rate", "--scene", "1", "--size", "60x20"],  # a deck: its folder is made there
    ["--lesson", "learning-rate", "--scene", "1", "--size", "60x20", "--format", "gif", "--step", "0:1"],
])
def test_a_deck_in_a_read_only_folder_is_one_line(flags, read_only, capsys, elsewhere):
    assert shoot(*flags, "--output", str(read_only / "deck")) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"lrtui: --output: cannot make the folder {str(read_only / 'deck')!r}")
    assert err.count("\n") == 1 and "Traceback" not in err and out == ""


@pytest.mark.parametrize("name, flags", [
    ("x.gif", ["--step", "0:1"]),
    ("x.cast", ["--step", "0:1"]),
    ("x.svg", []),
])
def test_a_shot_into_a_read_only_folder_is_one_line(name, flags, read_only, capsys, elsewhere):
    assert shoot("--preset", "quadratic", "--size", "60x20", *flags, "--output", str(read_only / name)) == 2
    out, err = capsys.readouterr()
    assert f"cannot write {str(read_only / name)!r}" in err and err.count("\n") == 1 and out == ""
    assert not (read_only / name).exists()


def test_an_animation_is_written_whole_or_not_at_all(tmp_path, elsewhere, capsys, monkeypatch):
    """A failure while the frames are taken leaves the old file as it was, and no part of the new one."""
    from lrtui.cli import gif

    out = tmp_path / "a.gif"
    out.write_bytes(b"the old one")

    def broken(self, svg):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gif.GifWriter, "add", broken)
    assert shoot("--preset", "quadratic", "--size", "60x20", "--step", "0:1", "--output", str(out)) == 2
    assert capsys.readouterr().err == f"lrtui shot: cannot write {str(out)!r}: No space left on device\n"
    assert out.read_bytes() == b"the old one" and sorted(p.name for p in tmp_path.iterdir()) == ["a.gif", "cwd"]
