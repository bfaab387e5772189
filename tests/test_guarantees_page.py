"""The Guarantees page names, for each promise, the test that holds it: every test it names exists."""

from __future__ import annotations

import ast
import re

from conftest import REPO

PAGE = REPO / "docs" / "pages" / "guarantees.md"


def test_every_test_the_guarantees_page_names_exists():
    named = re.findall(r"`(test_\w+\.py)(?:::(\w+))?`", PAGE.read_text(encoding="utf-8"))
    assert len(named) >= 15
    for filename, test in named:
        path = REPO / "tests" / filename
        assert path.is_file(), filename
        if test:
            functions = {node.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                         if isinstance(node, ast.FunctionDef)}
            assert test in functions, f"{filename}::{test}"
