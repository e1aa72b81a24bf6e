"""``lrtui lesson --check``: the facts an author would quote, each question's computed answer, warnings
for a question with no right answer and a note that disagrees (exit 1), exit 2 for a scene that does
not compute; ``lrtui lesson --list`` counts scenes and questions."""

from __future__ import annotations

import textwrap

from lrtui.cli import main


def write(tmp_path, text: str):
    path = tmp_path / "lesson.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_check_prints_what_an_author_would_quote_and_each_answer(capsys):
    assert main(["lesson", "--check", "learning-rate"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "learning-rate: What the learning rate does (7 scenes, 3 questions)"
    scene3 = out.split("scene 3 · Too large")[1].split("\n\n")[0]
    assert "  η = 1.5: diverged at step 10 · x = 8194 · f = 6.71089e+07" in scene3
    assert "  η = 1: bouncing between 2 points at step 20 · x = 10 · f = 64" in scene3
    assert "  x* = 2 · f'' = 2 · critical η 2/f'' = 1 · optimal η 1/f'' = 0.5" in scene3
    assert "  verdict, η = 1.5: η = 1.5 > 2/f''(x*) = 1: overshoots and flips side every step, and diverges" in scene3
    assert "  asks (runs: diverged): 2/f'' = 1 here. Which of these learning rates diverge?" in scene3
    assert ("    answer: η = 1.5 — η = 1.5 flips side and diverges at step 10 (it doubles the error each step)"
            in scene3)
    assert "  note: 6 numbers read and checked, 0 disagreeing, 2 not read" in scene3
    assert "    answer: 18 — η = 1.05 converged at step 18" in out


def test_check_warns_about_a_question_with_no_right_answer_and_a_wrong_note(tmp_path, capsys):
    path = write(tmp_path, """\
        [[scene]]
        title = "Small steps"
        note = "After 20 steps x is still 7.35."
        function = "(x-2)^2"
        x0 = 10
        lr = [0.01, 0.1]
        steps = 20
        [scene.ask]
        kind = "runs"
        which = "diverged"
        """)
    assert main(["lesson", "--check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "    no right answer: no run diverged (η = 0.01 is still moving" in out
    assert err.splitlines() == [
        "warning: scene 1: no run diverged, so the question has no right answer",
        "warning: scene 1: the note says x after 20 steps is 7.35; computed: 7.34086, 2.09223",
    ]


def test_check_exits_2_on_a_scene_that_does_not_compute(tmp_path, capsys):
    path = write(tmp_path, """\
        [[scene]]
        title = "Too many"
        function = "(x-2)^2"
        lr = "0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.1"
        optimizer = ["sgd", "adam", "momentum", "rmsprop"]
        """)
    assert main(["lesson", "--check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"lrtui: {path}, scene 1 ('Too many'): ")
    assert "too many runs" in err[0]


def test_check_needs_a_lesson_and_list_stands_alone(capsys):
    assert main(["lesson", "--check"]) == 2
    assert main(["lesson", "--list", "--check", "learning-rate"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["lrtui: --check needs a lesson: a .toml file or a built-in name",
                   "lrtui: --list names the built-in lessons; give it alone"]


def test_list_counts_scenes_and_questions(capsys):
    assert main(["lesson", "--list"]) == 0
    out = capsys.readouterr().out
    assert "learning-rate: What the learning rate does (7 scenes, 3 questions)" in out
    assert "  3. Too large · asks: 2/f'' = 1 here. Which of these learning rates diverge?" in out
    assert "  1. Too small\n" in out
