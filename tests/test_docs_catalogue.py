"""The pages docs/optimizers/optimizers.md and schedules.md list every name the registry reads, with
the parameters and defaults the parser takes, and each recipe with the expansion it is."""

import re
from pathlib import Path

import pytest

from lrtui.optim.registry import OPTIMIZERS, SCHEDULES
from lrtui.optim.schedules.recipes import Recipe
from lrtui.optim.spec import described

DOCS = Path(__file__).resolve().parents[1] / "docs" / "optimizers"


def rows(page: str) -> dict[str, list[str]]:
    """The rows of a page's tables whose first cell is a name in backquotes: name -> the other cells."""
    found = {}
    for line in (DOCS / page).read_text("utf-8").splitlines():
        if m := re.match(r"^\| `([^`]+)` \|(.*)\|$", line):
            found[m.group(1)] = [cell.strip() for cell in m.group(2).split(" | ")]
    return found


@pytest.mark.parametrize("page, classes", [("optimizers.md", OPTIMIZERS), ("schedules.md", SCHEDULES)])
def test_every_name_has_its_row_with_the_parser_s_parameters(page, classes):
    """A row says "as sgd, with …" for a variant of the row above, else the parser's own list."""
    table_rows = rows(page)
    for cls in classes:
        for name, table in cls.TABLE.items():
            assert name in table_rows, f"{name} has no row in docs/optimizers/{page}"
            given = table_rows[name][0]
            assert given.startswith("as ") or given == (described(table) if table else "—"), name


def test_each_recipe_is_written_as_its_expansion():
    expansions = {re.sub(r":.*", "", name): rest[0].strip("`") for name, rest in rows("schedules.md").items()
                  if rest and rest[0].startswith("`") and ":" in name}
    for name, about in Recipe.ABOUT.items():
        assert "".join(expansions[name].split()) == "".join(about.removeprefix("= ").split()), name  # the help's wraps
