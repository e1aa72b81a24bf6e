"""Files the app writes for a user: screenshots and CSV exports, with timestamped names."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..result import Result


def stamped(folder: str | Path, stem: str, suffix: str, now: datetime | None = None) -> Path:
    """``folder/stem-20261128-181502.suffix``, with -2, -3, … if that name is taken."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = Path(folder).expanduser() / f"{stem}-{stamp}"
    path = base.with_suffix(suffix)
    n = 2
    while path.exists():
        path = Path(f"{base}-{n}{suffix}")
        n += 1
    return path


def save_svg(svg: str, folder: str | Path) -> Path:
    path = stamped(folder, "lrtui", ".svg")
    path.write_text(svg, encoding="utf-8")
    return path


def export_run(result: Result, r: int, folder: str | Path) -> Path:
    """The run's records as CSV (``lrtui.export.write_csv``)."""
    from ..export import write_csv
    label = re.sub(r"[^A-Za-z0-9.]+", "", result.label(r).replace("η=", "lr")) or f"run{r}"
    path = stamped(folder, f"lrtui-{label}", ".csv")
    with path.open("w", encoding="utf-8", newline="") as fh:
        write_csv(result, fh, runs=[r])
    return path
