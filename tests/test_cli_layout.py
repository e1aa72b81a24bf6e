"""The command line's modules import each other in one direction: no circle (``cli/shot ↔ cli/deck``
was one; the flags a picture, an animation and a deck share now live in ``cli/picture``)."""

from __future__ import annotations

import itertools

import grimp


def test_no_module_of_the_command_line_imports_one_that_imports_it_back():
    graph = grimp.build_graph("lrtui")
    modules = sorted(m for m in graph.modules if m.startswith("lrtui.cli."))
    circles = [(a, b) for a, b in itertools.combinations(modules, 2)
               if graph.chain_exists(importer=a, imported=b) and graph.chain_exists(importer=b, imported=a)]
    assert circles == []
