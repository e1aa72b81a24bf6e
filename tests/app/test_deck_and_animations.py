"""lrtui shot --lesson (a deck: one file per scene) and --step A:B (a GIF or an asciicast, one frame per step)."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from PIL import Image

from lrtui.cli import main
from lrtui.teaching.lesson import load_lesson

TWO_SCENES = """\
title = "My lesson"

[[scene]]
title = "Crawl"
note = "η = 0.05 creeps toward 2."
function = "(x-2)^2"
x0 = 6
lr = 0.05
steps = 10
step = 4
steps_shown = "0:2"

[[scene]]
title = "Bounce!"
note = "η = 1 bounces between 6 and −2."
function = "(x-2)^2"
x0 = 6
lr = 1
steps = 10
step = 3
steps_shown = "1:3"
"""


@pytest.fixture
def lesson(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(TWO_SCENES, encoding="utf-8")
    return path


def shoot(*flags) -> int:
    return main(["shot", *flags])


def test_the_built_in_deck_is_one_file_per_scene_named_by_number_and_title(tmp_path):
    deck = tmp_path / "deck"
    assert shoot("--lesson", "learning-rate", "--output", str(deck), "--format", "txt", "--size", "80x24") == 0
    names = sorted(p.name for p in deck.iterdir())
    assert names == [f"{s.file_stem}.txt" for s in load_lesson("learning-rate").scenes]
    assert names[0] == "01-too-small.txt" and len(names) == 7
    first = (deck / "01-too-small.txt").read_text(encoding="utf-8")
    assert "scene 1 of 7 · Too small" in first and "the last of 20 steps" in first  # 80×24: the chart, not the table


def test_a_teachers_lesson_as_text_shows_each_scene_at_its_step(tmp_path, lesson):
    deck = tmp_path / "handout"
    assert shoot("--lesson", str(lesson), "--output", str(deck), "--format", "txt", "--size", "100x30") == 0
    assert sorted(p.name for p in deck.iterdir()) == ["01-crawl.txt", "02-bounce.txt"]
    crawl, bounce = ((deck / n).read_text(encoding="utf-8") for n in ("01-crawl.txt", "02-bounce.txt"))
    assert "scene 1 of 2 · Crawl: η = 0.05 creeps toward 2." in crawl and "step 4 of 10" in crawl
    assert "scene 2 of 2 · Bounce!: η = 1 bounces between 6 and −2." in bounce and "step 3 of 10" in bounce
    assert "η=1 bouncing at 10" in bounce


def test_the_same_flags_give_the_same_files(tmp_path, lesson):
    for name in ("a", "b"):
        assert shoot("--lesson", str(lesson), "--output", str(tmp_path / name), "--size", "80x24") == 0
    for svg in ("01-crawl.svg", "02-bounce.svg"):
        assert (tmp_path / "a" / svg).read_bytes() == (tmp_path / "b" / svg).read_bytes()


def test_keys_are_pressed_in_every_scene_from_the_scene_itself(tmp_path, lesson):
    """--press w shoots each scene's own sweep: the last scene's sweep screen is closed first."""
    deck = tmp_path / "sweeps"
    assert shoot("--lesson", str(lesson), "--press", "w", "--format", "txt", "--size", "80x24",
                 "--output", str(deck)) == 0
    crawl, bounce = ((deck / n).read_text(encoding="utf-8") for n in ("01-crawl.txt", "02-bounce.txt"))
    assert "final loss (log) against η" in crawl and "final loss (log) against η" in bounce
    assert crawl != bounce  # x0 = 6 both, but 10 steps of each scene's own scenario: each its own sweep
    assert bounce.count("final loss (log) against η") == 1


def test_a_deck_refuses_scenario_flags_and_a_file_for_a_folder(tmp_path, lesson, capsys):
    assert shoot("--lesson", str(lesson), "--lr", "0.1", "--output", str(tmp_path / "d")) == 2
    assert capsys.readouterr().err == "lrtui: --lr does not apply with --lesson: the lesson's scenes set their own\n"
    (tmp_path / "file").write_text("x")
    assert shoot("--lesson", str(lesson), "--output", str(tmp_path / "file")) == 2
    assert "is not a folder; with --lesson it names the deck's folder" in capsys.readouterr().err
    assert shoot("--lesson", str(lesson), "--format", "jpg", "--output", str(tmp_path / "d")) == 2
    assert "--format: 'jpg' is not one of svg, png, txt, gif, cast" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def frames_of_gif(path) -> list[Image.Image]:
    with Image.open(path) as gif:
        assert gif.info["loop"] == 0  # loops forever
        out = []
        for i in range(gif.n_frames):
            gif.seek(i)
            out.append(gif.convert("RGB"))
            assert gif.info["duration"] == 250  # 4 frames a second
        return out


def test_a_gif_has_one_frame_per_step_and_loops(tmp_path):
    out = tmp_path / "steps.gif"
    assert shoot("--step", "2:5", "--size", "60x20", "--chrome", "none", "--output", str(out)) == 0
    frames = frames_of_gif(out)
    assert len(frames) == 5 - 2 + 1
    assert all(a.tobytes() != b.tobytes() for a, b in zip(frames, frames[1:], strict=False))  # each step shows


def test_fps_sets_the_gif_s_speed(tmp_path):
    out = tmp_path / "fast.gif"
    assert shoot("--step", "0:1", "--fps", "10", "--size", "60x20", "--output", str(out)) == 0
    with Image.open(out) as gif:
        assert gif.n_frames == 2 and gif.info["duration"] == 100


# -- asciicast -------------------------------------------------------------------------------
def replay(events: list[str], width: int, height: int) -> str:
    """What a terminal shows after these outputs: cursor moves (CSI r;c H), clears, SGR codes
    (no text), characters at the cursor. Enough of a terminal to check a recording."""
    screen = [[" "] * width for _ in range(height)]
    row = col = 0
    for text in events:
        for m in re.finditer(r"\x1b\[([0-9;?]*)([A-Za-z])|(.)", text, re.S):
            if m.group(3) is not None:
                screen[row][col] = m.group(3)
                col += 1
            elif m.group(2) == "H":
                parts = [int(p) for p in m.group(1).split(";")] if m.group(1) else [1, 1]
                row, col = parts[0] - 1, parts[1] - 1
            elif m.group(2) == "J" and m.group(1) == "2":
                screen = [[" "] * width for _ in range(height)]
    return "\n".join("".join(line).rstrip() for line in screen) + "\n"


def test_a_cast_is_asciicast_v2_with_one_frame_per_step_that_replays_as_the_screen(tmp_path):
    out = tmp_path / "steps.cast"
    assert shoot("--step", "0:10", "--size", "80x24", "--no-footer", "--output", str(out)) == 0
    header, *lines = out.read_text(encoding="utf-8").splitlines()
    meta = json.loads(header)
    assert meta["version"] == 2 and (meta["width"], meta["height"]) == (80, 24)
    events = [json.loads(line) for line in lines]
    assert len(events) == 10 - 0 + 1
    assert [e[0] for e in events] == [k / 4 for k in range(11)] and {e[1] for e in events} == {"o"}
    assert out.stat().st_size < 40_000  # tiny: text stays text, and a frame redraws only what changed
    for k in (0, 6, 10):  # a frame, replayed, is the screen at its step
        shot = tmp_path / f"step{k}.txt"
        assert shoot("--step", str(k), "--size", "80x24", "--output", str(shot)) == 0
        assert replay([e[2] for e in events[:k + 1]], 80, 24) == shot.read_text(encoding="utf-8")


def test_steps_past_the_end_are_not_frames_and_the_command_says_so(tmp_path, capsys):
    out = tmp_path / "long.cast"
    assert shoot("--step", "15:30", "--size", "60x20", "--output", str(out)) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + (20 - 15 + 1)
    assert capsys.readouterr().err == ("lrtui shot: the runs end at step 20: the animation shows steps 15 to 20 "
                                       "(6 frames)\n")


def test_a_lesson_animates_each_scene_over_its_steps_shown(tmp_path, lesson):
    deck = tmp_path / "casts"
    assert shoot("--lesson", str(lesson), "--format", "cast", "--size", "60x20", "--output", str(deck)) == 0
    crawl = (deck / "01-crawl.cast").read_text(encoding="utf-8").splitlines()
    bounce = (deck / "02-bounce.cast").read_text(encoding="utf-8").splitlines()
    assert len(crawl) == 1 + 3 and len(bounce) == 1 + 3  # 0:2 and 1:3
    assert json.loads(crawl[0])["title"] == "My lesson: Crawl"
    gifs = tmp_path / "gifs"
    assert shoot("--lesson", str(lesson), "--format", "gif", "--step", "0:1", "--size", "60x20",
                 "--output", str(gifs)) == 0
    assert [len(frames_of_gif(gifs / n)) for n in ("01-crawl.gif", "02-bounce.gif")] == [2, 2]  # --step wins


@pytest.mark.parametrize("flags, message", [
    (["--step", "0:3", "--output", "x.svg"], "--step 0:3: a range of steps makes an animation"),
    (["--step", "3", "--output", "x.gif"], "--output: an animation (.gif) needs --step FIRST:LAST, e.g. 0:20"),
    (["--step", "4:2", "--output", "x.cast"], "--step: 4:2 ends before it starts"),
    (["--step", "0:600", "--output", "x.cast"], "--step: 601 frames; at most 500"),
    (["--step", "0:3", "--fps", "0", "--output", "x.gif"], "--fps: from 0.1 to 50 frames a second, got 0"),
    (["--fps", "2", "--output", "x.png"], "--fps: only an animation (FILE.gif, FILE.cast) has frames per second"),
    (["--format", "gif", "--output", "x.gif"], "--format goes with --lesson"),
])
def test_bad_animation_flags_are_one_line(tmp_path, capsys, monkeypatch, flags, message):
    monkeypatch.chdir(tmp_path)
    assert shoot(*flags) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_lesson_help_is_clear(capsys):
    assert main(["lesson", "--help"]) == 0
    text = capsys.readouterr().out
    for words in ("PgDn / PgUp (or n / p)", "--list", "--scene N", "[[scene]]", "steps_shown",
                  "a relative data path is relative to the lesson file", "lrtui lesson learning-rate"):
        assert words in text, words


def test_lesson_list_names_the_built_in_lessons(capsys):
    assert main(["lesson", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("learning-rate: What the learning rate does (7 scenes, 3 questions)\n  1. Too small\n")


@pytest.mark.parametrize("argv, message", [
    (["lesson"], "lrtui: give a lesson: a .toml file or a built-in name (lrtui lesson --list)\n"),
    (["lesson", "learning-rate", "--scene", "9"], "lrtui: --scene: must be from 1 to 7, got 9\n"),
    (["lesson", "learning-rate", "--list"], "lrtui: --list names the built-in lessons; give it alone\n"),
])
def test_lesson_command_errors(capsys, argv, message):
    assert main(argv) == 2
    assert capsys.readouterr().err == message


def test_the_docs_lesson_example_is_a_good_lesson(tmp_path):
    """The lesson file in the docs' lessons page loads as it is written there."""
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "teaching" / "lessons.md").read_text(encoding="utf-8")
    toml = re.search(r"```toml\n(.*?)```", page, re.S)
    assert toml is not None
    path = tmp_path / "readme.toml"
    path.write_text(textwrap.dedent(toml.group(1)), encoding="utf-8")
    assert len(load_lesson(str(path)).scenes) >= 2
