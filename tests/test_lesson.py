"""Lesson files: what a good one gives, and one plain line naming the file, the scene and the key
(or the TOML line) for every kind of bad one."""

from __future__ import annotations

import textwrap

import pytest

from lrtui.cli import main
from lrtui.errors import InputError
from lrtui.teaching.lesson import MAX_BYTES, built_in_names, load_lesson, parse_range, slug
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import Scenario, parse_optimizers, parse_schedule_choice


def write(tmp_path, text: str, name: str = "lesson.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path, text: str, name: str = "lesson.toml") -> str:
    path = write(tmp_path, text, name)
    with pytest.raises(InputError) as info:
        load_lesson(str(path))
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    return message[len(str(path)):]


GOOD = """\
title = "Two scenes"
note = "a lesson for the tests"

[[scene]]
title = "Too small: η = 0.01"
note = "η = 0.01 crawls."
function = "(x-2)^2"
x0 = 10
lr = [0.01, 0.1]
steps = 20
step = 20
view = "path"
steps_shown = "0:20"

[[scene]]
preset = "wiggly"
lr = "0.05, 0.3"
optimizer = ["sgd", "momentum"]
schedule = "step:step_size=10,gamma=0.5"
tol = 0
steps = 300
steps_shown = [5, 30]
"""


def test_a_good_lesson_gives_its_scenes_in_order(tmp_path):
    lesson = load_lesson(str(write(tmp_path, GOOD)))
    assert lesson.title == "Two scenes" and lesson.note == "a lesson for the tests"
    first, second = lesson.scenes
    assert first.number == 1 and first.title == "Too small: η = 0.01" and first.note == "η = 0.01 crawls."
    assert first.scenario == Scenario.of("(x-2)^2", (10.0,), (0.01, 0.1), 20)
    assert (first.step, first.view, first.steps_shown) == (20, "path", (0, 20))
    assert first.file_stem == "01-too-small-eta-0-01"


def test_a_preset_fills_the_rest_and_explicit_keys_override_it(tmp_path):
    second = load_lesson(str(write(tmp_path, GOOD))).scenes[1]
    wiggly = preset("wiggly").scenario
    assert second.scenario == wiggly.with_(lrs=(0.05, 0.3), optimizers=parse_optimizers("sgd; momentum"), tol=0.0,
                                           steps=300, schedule=parse_schedule_choice("step:step_size=10,gamma=0.5"))
    assert second.title == "wiggly" and second.note is None  # a preset names an untitled scene
    assert (second.step, second.view, second.steps_shown) == (0, None, (5, 30))


def test_a_data_path_is_relative_to_the_lesson_file(tmp_path, monkeypatch):
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "points.csv").write_text("x,y\n0,1\n1,3\n2,5\n", encoding="utf-8")
    path = write(folder, """\
        [[scene]]
        title = "fit"
        model = "linreg"
        data = "points.csv"
        lr = 0.1
        epochs = 50
    """)
    monkeypatch.chdir(tmp_path)  # elsewhere: the path still means the lesson's neighbour
    (scene,) = load_lesson(str(path)).scenes
    assert scene.scenario.model.data == str(folder / "points.csv")
    assert scene.scenario.model.text == "linreg" and scene.scenario.x0 == (0.0, 0.0) and scene.scenario.steps == 50


def test_the_built_in_lesson_loads_by_name():
    assert "learning-rate" in built_in_names()
    lesson = load_lesson("learning-rate")
    assert len(lesson.scenes) >= 6 and lesson.scenes[0].file_stem == "01-too-small"


@pytest.mark.parametrize("text, expected", [
    ("title = \n", "line 1, column 9: not valid TOML: invalid value"),
    ("[[scene]]\nlr = 0.1\nlr = 0.2\n", "not valid TOML"),
    ("titel = 'x'\n[[scene]]\n", ": a lesson has no key 'titel'; did you mean title?"),
    ("title = 'x'\n", ": has no scenes: add at least one [[scene]] table"),
    ("scene = 3\n", ", key scene: scene must be [[scene]] tables, one per scene"),
    ("title = 3\n[[scene]]\n", ", key title: must be text in quotes, got a whole number"),
    ("title = ''\n[[scene]]\n", ", key title: is empty"),
    (f"title = '{'x' * 81}'\n[[scene]]\n", ", key title: too long (81 characters, at most 80)"),
])
def test_bad_lesson_level_keys(tmp_path, text, expected):
    assert expected in error_of(tmp_path, text)


@pytest.mark.parametrize("scene, expected", [
    # unknown keys, with the likely one
    ("learning_rate = 0.1", "scene 1 ('A'): a scene has no key 'learning_rate'"),
    ("lrs = 0.1", "did you mean lr?"),
    # a key's type
    ("lr = true", ", key lr: must be a number, a list of numbers or text"),
    ("lr = []", ", key lr: must be a number, a list of numbers or text"),
    ("steps = 2.5", ", key steps: '2.5' is not a whole number"),
    ("steps = 'many'", ", key steps: 'many' is not a whole number"),
    ("function = 3", ", key function: must be text in quotes, got a whole number"),
    ("optimizer = 5", ", key optimizer: must be text such as \"sgd; adam\""),
    ("tol = [1]", ", key tol: must be a number, got a list"),
    ("x0 = nan", ", key x0: 'nan' is not a finite number"),
    # a key's value, with the command line's words
    ("lr = [0.1, -2]", ", key lr: η #2: a learning rate must be > 0, got -2"),
    ("function = '(x-2'", ", key function:"),
    ("function = 'import os'", ", key function:"),
    ("preset = 'quad'", ", key preset: unknown preset 'quad'; valid: quadratic"),
    ("optimizer = 'sdg'", ", key optimizer: unknown optimizer"),
    ("schedule = 'step:gamma=2,oops=1'", ", key schedule:"),
    ("steps = 0", ", key steps: must be from 1 to 1,000,000, got 0"),
    ("model = 'tree'", ", key model: unknown model 'tree'; valid: function, linreg"),
    ("noise = -1", ", key noise: must be ≥ 0"),
    ("trials = 0", ", key trials: must be from 1 to 1,024, got 0"),
    ("trials = 2.5", ", key trials: '2.5' is not a whole number"),
    ("model = 'linreg'\nnoise = 1", ", key noise: noise applies only to a typed function"),
    ("model = 'linreg'\nfunction = 'x^2'", ", key model: function does not apply to model = \"linreg\""),
    ("model = 'linreg'\ndata = 'missing.csv'", ", key data: missing.csv: no such file"),
    ("model = 'linreg'\nsteps = 20\nepochs = 10", ", key epochs: steps 20 and epochs 10 disagree"),
    # the scene's own keys
    ("steps = 20\nstep = 21", ", key step: 21 is beyond the scene's 20 steps"),
    ("step = -1", ", key step: must be from 0 to 1,000,000, got -1"),
    ("step = '3'", ", key step: must be a whole number, got text"),
    ("view = 'zoomed'", ", key view: 'zoomed' is not a view; valid: landscape, path, wide"),
    ("steps_shown = '20:0'", ", key steps_shown: 20:0 ends before it starts"),
    ("steps_shown = '0-20'", ", key steps_shown: '0-20' is not FIRST:LAST, e.g. 0:20"),
    ("steps = 2000\nsteps_shown = '0:1000'", ", key steps_shown: 1,001 frames; at most 500"),
    ("steps_shown = '0:30'", ", key steps_shown: 0:30 goes beyond the scene's 20 steps"),
    ("steps_shown = 20", ", key steps_shown: must be text such as \"0:20\", got a whole number"),
    ("note = \"a\\u0007b\"", ", key note: has the control character"),
    (f"note = '{'n' * 401}'", ", key note: too long (401 characters, at most 400)"),
])
def test_bad_scene_keys_name_the_file_the_scene_and_the_key(tmp_path, scene, expected):
    message = error_of(tmp_path, f"[[scene]]\ntitle = 'ok'\n\n[[scene]]\ntitle = 'A'\n{scene}\n")
    assert message.startswith(", scene 2 ('A')"), message
    assert expected.replace("scene 1", "scene 2") in message, message


def test_a_file_that_is_missing_too_big_or_not_text(tmp_path):
    with pytest.raises(InputError, match=r"lesson 'nope.toml': no such file, nor a built-in lesson \(learning-rate"):
        load_lesson("nope.toml")
    with pytest.raises(InputError, match="is a folder, not a lesson file"):
        load_lesson(str(tmp_path))
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * MAX_BYTES, encoding="utf-8")
    with pytest.raises(InputError, match=r"big.toml: too big for a lesson \(at most 256 KB\)"):
        load_lesson(str(big))
    latin = tmp_path / "latin.toml"
    latin.write_bytes("title = 'caf\xe9'".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.toml: not UTF-8 text \(byte 13\)"):
        load_lesson(str(latin))


def test_slugs_and_ranges():
    assert slug("Too small") == "too-small"
    assert slug("A schedule rescues a large η!") == "a-schedule-rescues-a-large-eta"
    assert slug("∑∑∑") == "scene" and len(slug("word " * 30)) <= 40
    assert parse_range(" 3 : 7 ") == (3, 7) and parse_range("5:5") == (5, 5)


def test_the_command_line_says_a_bad_lesson_in_one_line(tmp_path, capsys):
    path = write(tmp_path, "[[scene]]\ntitle = 'A'\nlr = -1\n")
    assert main(["lesson", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"lrtui: {path}, scene 1 ('A'), key lr: η #1: a learning rate must be > 0, got -1\n"
    assert main(["shot", "--lesson", str(path), "--output", str(tmp_path / "deck")]) == 2
    assert "key lr" in capsys.readouterr().err and not (tmp_path / "deck").exists()


def test_a_lesson_takes_every_optimizer_and_schedule_of_issue_19(tmp_path):
    lesson = load_lesson(str(write(tmp_path, """
[[scene]]
title = "Warm-up, then a cosine"
function = "cosh(x)"
x0 = 5
lr = [0.5, 1.5]
schedule = "warmup_cosine:warmup=10,t_max=60"
optimizer = "nadam; rprop:etaplus=1.5"

[[scene]]
title = "A formula and a composition"
schedule = "lambda:f=min((k+1)/10, 1) then@20 cosine:t_max=30"

[[scene]]
title = "Plateau"
schedule = "plateau:patience=3"
""")))
    first = lesson.scenes[0].scenario
    assert first.schedule.text == "warmup_cosine:warmup=10,t_max=60"
    assert [o.text for o in first.optimizers] == ["nadam", "rprop:etaplus=1.5"]
    assert first.schedule.value.expansion.endswith("then@10 cosine:t_max=60,eta_min=0")
    assert lesson.scenes[1].scenario.schedule.text == "lambda:f=min((k+1)/10, 1) then@20 cosine:t_max=30"
    assert lesson.scenes[2].scenario.schedule.value.follows_loss


def test_a_lesson_scene_with_a_schedule_torch_refuses_names_the_scene_and_the_key(tmp_path):
    message = error_of(tmp_path, "[[scene]]\ntitle = 'A'\nschedule = 'lambda:f=0.9^k then@5 plateau'\n")
    assert "scene 1" in message and "schedule" in message and "plateau cannot be a part of a composition" in message
