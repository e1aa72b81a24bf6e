"""A griffe extension for the API pages: lrtui's docstrings name code with reST roles
(``:func:`~lrtui.expr.parse_function```), which Markdown would print as they are; here each
role becomes a code span (`parse_function`), the name after a ``~`` shortened to its last part
as Sphinx does."""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj|const):`(~?)([^`]+)`")


def _code(match: re.Match[str]) -> str:
    short, name = match.groups()
    return f"`{name.rsplit('.', 1)[-1] if short else name}`"


class Roles(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(_code, obj.docstring.value)
