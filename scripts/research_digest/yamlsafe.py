"""YAML read safely, keeping the node tree so that every field can be traced to its line.

Only plain YAML is accepted: the safe loader refuses Python tags, and aliases are refused
outright (no note needs them, and refusing them bounds "billion laughs" expansion).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, ProblemList


class YamlError(ValueError):
    def __init__(self, line: int, expected: str, found: str):
        super().__init__(found)
        self.line, self.expected, self.found = line, expected, found


# libyaml's loader when PyYAML was built with it (about 10x faster); the same safe constructors.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document into (data, node); lines count from `first_line`.

    Raises YamlError with a line number and a plain description.
    """
    try:
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
            _refuse_aliases(node, first_line)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        found = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise YamlError(line, "valid YAML", found) from None
    except yaml.YAMLError as error:
        raise YamlError(first_line, "valid YAML", str(error)) from None
    return data, node


def _refuse_aliases(root: yaml.Node | None, first_line: int) -> None:
    """An alias makes the composer reuse a node: meeting any node twice means one was used."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlError(node.start_mark.line + first_line, "plain YAML without anchors or aliases",
                            "an anchor (&) used by an alias (*)")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load_yaml_nodes(path: Path, problems: ProblemList) -> tuple[Any, yaml.Node] | None:
    """Read a YAML file; on failure add a problem and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(Problem(path, 1, "", "the file to exist", "no such file"))
        return None
    except UnicodeDecodeError:
        problems.add(Problem(path, 1, "", "UTF-8 text", "bytes that are not UTF-8"))
        return None
    try:
        data, node = parse_yaml(text)
    except YamlError as error:
        problems.add(Problem(path, error.line, "", error.expected, error.found))
        return None
    if node is None:
        problems.add(Problem(path, 1, "", "YAML content", "an empty file"))
        return None
    return data, node


def node_line(node: yaml.Node | None, first_line: int = 1) -> int:
    """The file line of a node, for YAML that starts at `first_line` of its file."""
    return node.start_mark.line + first_line if node is not None else first_line


def child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    """The value node under `key` of a mapping node, or item `key` of a sequence node."""
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None
