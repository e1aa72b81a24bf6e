"""``lrtui handout``: one self-contained printable HTML file, or Markdown with the screens beside it; the
questions on the scenes and the computed answers at the end; never over a file without --force, never
through a symlink."""

from __future__ import annotations

import os
import re

import pytest

from lrtui.cli import main


@pytest.fixture(scope="module")
def html_handout(tmp_path_factory):
    folder = tmp_path_factory.mktemp("handout")
    out = folder / "lesson.html"
    assert main(["handout", "learning-rate", "-o", str(out), "--size", "80x24"]) == 0
    return out.read_text(encoding="utf-8")


def test_html_is_one_self_contained_file_with_the_screens_inline(html_handout):
    page = html_handout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"https?://|//cdn|<script|<link|<img|@import", page)  # nothing fetched, nothing run
    assert page.count("<svg") == 7 and page.count("</svg>") == 7  # a screen per scene
    assert "<h1>What the learning rate does</h1>" in page
    assert "break-inside: avoid" in page and "@media print" in page


def test_html_asks_on_the_scenes_and_answers_at_the_end(html_handout):
    body, answers = html_handout.split("<h2>Answers</h2>")
    scene3 = body.split("<h2>Scene 3: Too large</h2>")[1].split("</section>")[0]
    assert '<p class="question">Question: 2/f&#x27;&#x27; = 1 here. Which of these learning rates diverge?</p>' in scene3
    assert "<li>1. η = 0.9</li><li>2. η = 1</li><li>3. η = 1.5</li>" in scene3
    assert "diverges at step 10" not in scene3  # the note that says it waits for the answers
    screen = re.sub(r"<[^>]+>", "", scene3).replace("&#160;", " ")  # the SVG's text, a styled run at a time
    assert "scene 3 of 7 · Too large · asks: 2/f&#x27;&#x27; = 1 here." in screen  # the question, the answer hidden
    assert "(diverged)" not in screen and "η=1.5" in screen
    assert ("<strong>Scene 3: Too large.</strong> The answer: η = 1.5. η = 1.5 flips side and diverges at step 10 "
            "(it doubles the error each step).") in answers
    assert "<strong>Scene 4: Never settles.</strong> The answer: 0.237796." in answers
    assert "<strong>Scene 6: A schedule rescues a large η.</strong> The answer: 18. η = 1.05 converged at step 18." \
        in answers
    assert "η = 1.5 doubles the error each step and diverges at step 10." in answers  # scene 3's note
    scene1 = body.split("<h2>Scene 1: Too small</h2>")[1].split("</section>")[0]
    assert "after 20 steps x is still 7.34" in scene1  # a scene that asks nothing keeps its note


def test_markdown_writes_the_screens_beside_it_and_links_them(tmp_path):
    out = tmp_path / "notes.md"
    assert main(["handout", "learning-rate", "-o", str(out), "--size", "80x24"]) == 0
    text = out.read_text(encoding="utf-8")
    links = re.findall(r"!\[scene \d: [^]]*\]\(([^)]+)\)", text)
    assert links[0] == "notes-01-too-small.svg" and len(links) == 7
    assert all((tmp_path / link).read_text(encoding="utf-8").startswith("<svg") for link in links)
    assert "**Question:** 2/f'' = 1 here. Which of these learning rates diverge?" in text
    assert "- [ ] 3. η = 1.5" in text and "## Answers" in text
    assert "x\\* = 2" in text  # Markdown's specials escaped


def test_a_title_that_asks_ends_the_answer_s_heading_once(tmp_path):
    out = tmp_path / "regression.md"
    assert main(["handout", "regression", "-o", str(out), "--size", "80x24"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "- **Scene 5: How large may η be on raw x?** The answer: 0.0307603." in text
    assert "- **Scene 1: One epoch, one step.** The answer: 0.0196885." in text


def test_an_existing_file_is_kept_unless_force_and_a_symlink_never_followed(tmp_path, capsys):
    out = tmp_path / "h.html"
    out.write_text("keep me", encoding="utf-8")
    assert main(["handout", "learning-rate", "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    target = tmp_path / "target.txt"
    target.write_text("precious", encoding="utf-8")
    link = tmp_path / "link.html"
    os.symlink(target, link)
    assert main(["handout", "learning-rate", "-o", str(link), "--force"]) == 2
    assert target.read_text(encoding="utf-8") == "precious" and link.is_symlink()
    beside = tmp_path / "n.md"
    (tmp_path / "n-03-too-large.svg").write_text("a screen of mine", encoding="utf-8")
    assert main(["handout", "learning-rate", "-o", str(beside)]) == 2
    assert not beside.exists()
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"lrtui: --output: '{out}' exists; --force replaces it",
        f"lrtui: --output: '{link}' is a symlink; lrtui never writes through one",
        f"lrtui: --output's screen 'n-03-too-large.svg': '{tmp_path / 'n-03-too-large.svg'}' exists; "
        "--force replaces it",
    ]


def test_force_replaces_a_regular_file(tmp_path):
    out = tmp_path / "h.htm"
    out.write_text("old", encoding="utf-8")
    assert main(["handout", "learning-rate", "-o", str(out), "--force", "--size", "80x24"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("argv, expected", [
    (["handout", "learning-rate", "-o", "x.pdf"], "lrtui: --output: 'x.pdf' must end in .html, .htm, .md"),
    (["handout", "learning-rate"], "lrtui: --output: give FILE.html or FILE.md"),
    (["handout", "-o", "x.html"], "lrtui: give a lesson: a built-in name (lrtui lesson --list) or a .toml file"),
    (["handout", "learning-rate", "-o", "x.html", "--images", "png"],
     "lrtui: --images goes with FILE.md; an HTML handout holds its screens inline"),
    (["handout", "learning-rate", "-o", "x.md", "--images", "gif"], "lrtui: --images: 'gif' is not one of svg, png"),
    (["handout", "learning-rate", "-o", "x.html", "--size", "10x10"], "lrtui: --size: the app needs at least 60x20"),
    (["handout", "no-such-lesson", "-o", "x.html"], "lrtui: lesson 'no-such-lesson': no such file, nor a built-in"),
])
def test_bad_flags_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv, expected):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(expected)
    assert list(tmp_path.iterdir()) == []
