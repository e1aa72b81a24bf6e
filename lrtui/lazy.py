"""A package's public names, imported on first use (a module ``__getattr__``, PEP 562).

``import lrtui`` stays cheap, and the symbolic worker, which starts from ``lrtui.expr``, never
loads NumPy. Standard library only: every package imports it.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any


def exported(package: str, exports: dict[str, str], name: str) -> Any:
    """``name`` from the submodule ``exports`` names for it, kept in the package once looked up."""
    if name not in exports:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(import_module(f".{exports[name]}", package), name)
    setattr(sys.modules[package], name, value)
    return value
