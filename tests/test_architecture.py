"""The core never imports the UI: import-linter's contracts in pyproject.toml, and a fresh process."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_lrtui_run_does_not_load_the_ui():
    code = (
        "import sys; from lrtui.cli import main; main(['run', '--format', 'summary']);"
        "bad = [m for m in ('textual', 'plotext', 'textual_plotext') if m in sys.modules];"
        "print('LOADED', bad)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr


def test_the_engine_loads_no_analysis_and_no_sympy():
    code = (
        "import sys, lrtui.engine.descent;"
        "print('LOADED', sorted(m for m in sys.modules if m in ('lrtui.analysis.analyse', 'lrtui.analysis.minima', 'lrtui.analysis.verdicts',"
        " 'lrtui.teaching.scenario', 'lrtui.expr', 'sympy')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr
