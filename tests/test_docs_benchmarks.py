"""docs/benchmarks.md has a section for every benchmark, and ``--write-docs`` rewrites only that
section, with what the script printed and when (benchmarks/docs_page.py)."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("bench_*.py"))
PAGE = (ROOT / "docs" / "benchmarks.md").read_text("utf-8")


def docs_page():
    spec = importlib.util.spec_from_file_location("docs_page", ROOT / "benchmarks" / "docs_page.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_benchmark_has_its_section_and_writes_it(script):
    begin, end = f"<!-- begin {script.name} -->", f"<!-- end {script.name} -->"
    assert PAGE.count(begin) == 1 and PAGE.count(end) == 1
    assert PAGE.index(begin) < PAGE.index(end)
    assert "@writes_docs_section" in script.read_text("utf-8")


def test_write_docs_rewrites_only_its_own_section(tmp_path, monkeypatch, capsys):
    helper = docs_page()
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\n<!-- begin bench_a.py -->\nold a\n<!-- end bench_a.py -->\n\nprose\n\n"
                    "<!-- begin bench_b.py -->\nold b\n<!-- end bench_b.py -->\n", "utf-8")
    monkeypatch.setattr(helper, "PAGE", page)
    monkeypatch.setattr(sys, "argv", ["benchmarks/bench_a.py", "--repeat", "3", "--write-docs"])
    seen = []

    @helper.writes_docs_section
    def main():
        seen.append(list(sys.argv))
        print("figure 10.0 ms, baseline 5.0 ms: ratio 2.00")

    main()
    assert seen == [["benchmarks/bench_a.py", "--repeat", "3"]]  # the script's parser never sees the flag
    text = page.read_text("utf-8")
    assert "old a" not in text and "old b" in text and "\nprose\n" in text
    section = re.search(r"<!-- begin bench_a.py -->\n(.*)<!-- end bench_a.py -->", text, re.DOTALL).group(1)
    assert re.match(r"Measured \d{4}-\d\d-\d\d with `python benchmarks/bench_a.py --repeat 3` \(Python ", section)
    assert "```text\nfigure 10.0 ms, baseline 5.0 ms: ratio 2.00\n```\n" in section
    assert "figure 10.0 ms" in capsys.readouterr().out  # printed as usual too


def test_a_run_that_fails_writes_nothing(tmp_path, monkeypatch):
    helper = docs_page()
    page = tmp_path / "benchmarks.md"
    before = "<!-- begin bench_a.py -->\nold a\n<!-- end bench_a.py -->\n"
    page.write_text(before, "utf-8")
    monkeypatch.setattr(helper, "PAGE", page)
    monkeypatch.setattr(sys, "argv", ["bench_a.py", "--write-docs"])

    @helper.writes_docs_section
    def main():
        print("half a figure")
        raise RuntimeError("the benchmark broke")

    with pytest.raises(RuntimeError):
        main()
    assert page.read_text("utf-8") == before


def test_a_page_without_the_section_is_said_before_the_run(tmp_path, monkeypatch):
    helper = docs_page()
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n", "utf-8")
    monkeypatch.setattr(helper, "PAGE", page)
    monkeypatch.setattr(sys, "argv", ["bench_new.py", "--write-docs"])
    ran = []

    @helper.writes_docs_section
    def main():
        ran.append(True)

    with pytest.raises(SystemExit, match="has no section for bench_new.py: add the lines <!-- begin bench_new.py -->"):
        main()
    assert ran == []
