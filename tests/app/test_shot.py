"""lrtui shot for slides and handouts: --view, --press, --chrome none, --no-footer; and the
step's arithmetic in lrtui run's table."""

import pytest

from lrtui.cli import main


def shot(tmp_path, name, *flags):
    out = tmp_path / name
    assert main(["shot", *flags, "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_press_w_shoots_the_sweep_screen(tmp_path):
    text = shot(tmp_path, "sweep.txt", "--press", "w", "--size", "80x24")
    assert "critical η = 2/f''(x*) = 1" in text and "final loss (log) against η" in text


def test_view_and_press_z_pick_the_f_chart_s_window(tmp_path):
    wide = shot(tmp_path, "wide.txt", "--preset", "wiggly", "--view", "wide", "--size", "100x30")
    assert "f(x) = x² + 10·sin(x) · wide" in wide
    pressed = shot(tmp_path, "zz.txt", "--preset", "wiggly", "--press", "z,z", "--size", "100x30")
    assert pressed == wide
    path = shot(tmp_path, "path.txt", "--preset", "quadratic", "--view", "path", "--press", "right_square_bracket")
    assert "(x − 2)² · path" in path


def test_the_handout_never_has_the_footer_and_no_footer_drops_it_from_the_picture(tmp_path):
    text = shot(tmp_path, "a.txt")
    assert "palette" not in text and "quit" not in text
    with_footer = shot(tmp_path, "a.svg")
    without = shot(tmp_path, "b.svg", "--no-footer")
    assert "palette" in with_footer and "palette" not in without


def test_chrome_none_drops_the_window_decoration(tmp_path):
    framed = shot(tmp_path, "a.svg", "--size", "80x24")
    bare = shot(tmp_path, "b.svg", "--size", "80x24", "--chrome", "none")
    assert framed.count("<circle") == 3 and "<circle" not in bare  # the title bar's three dots
    assert 'viewBox="9 41 976 585.6"' in bare  # exactly 80 × 24 cells of the terminal


def test_chrome_none_makes_a_png_too(tmp_path):
    out = tmp_path / "slide.png"
    assert main(["shot", "--chrome", "none", "--size", "80x24", "--output", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "flags, words",
    [
        (["--press", "blah"], "--press: key 1 ('blah') is not a Textual key name"),
        (["--press", "w,,z"], "--press: key 2 ('') is not a Textual key name"),
        (["--press", "hyper2+a"], "modifier 'hyper2'"),
        (["--view", "zoom"], "--view: unknown view 'zoom'; valid: landscape, path, wide"),
        (["--chrome", "glass"], "--chrome: 'glass' is not one of window, none"),
    ],
)
def test_bad_shot_flags_are_one_line_and_exit_2(flags, words, capsys, tmp_path):
    assert main(["shot", *flags, "--output", str(tmp_path / "x.svg")]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not (tmp_path / "x.svg").exists()


def test_run_s_table_writes_out_each_run_s_first_step(capsys):
    assert main(["run", "--preset", "quadratic", "--steps", "3"]) == 0
    out = capsys.readouterr().out
    assert "first step: x₁ = x₀ − η·f'(x₀) = 10 − 0.1 × 16 = 8.4; f: 64 → 40.96 ↓" in out
    assert out.count("first step:") == 3
