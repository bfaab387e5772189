"""YAML read safely, keeping the node tree so that every field can be traced to its line.

Only plain YAML is accepted, checked on the event stream before anything is built: no tags (so no
Python objects, and no `!!int abc` for the constructor to trip on), no anchors or aliases (no note
needs them, and refusing them bounds "billion laughs" expansion) and at most MAX_DEPTH levels of
nesting (the composer recurses). A value the safe constructor cannot read (a date 2025-13-45, an
integer of 5,000 digits) is reported with its line like any other YAML error.

libyaml does the parsing when PyYAML was built with it (about 10x faster). Its composer recurses in
C, so the depth check on the event stream must come first: deep nesting would crash the process.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from research_digest.load.problems import Problem, ProblemList

MAX_DEPTH = 20
_PLAIN = "plain YAML (no tags, anchors or aliases)"


# libyaml's parser when PyYAML was built with it; the same safe constructors either way.
if TYPE_CHECKING:  # type-checked as the pure-Python loader, whose interface the C one shares
    SafeLoader = yaml.SafeLoader
else:
    SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(ValueError):
    def __init__(self, line: int, expected: str, found: str):
        super().__init__(found)
        self.line, self.expected, self.found = line, expected, found


def parse_yaml(text: str, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document into (data, node); lines count from `first_line`.

    Raises YamlError with a line number and a plain description.
    """
    try:
        _check_events(text, first_line)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            _check_keys(node, first_line)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "flow" in str(error.context) and error.context_mark:  # an unclosed bracket: where it opened
            mark = error.context_mark
        index, column = (mark.line, mark.column) if mark else (0, 0)
        lines = text.split("\n")
        quote = _unclosed_quote(lines[:index])
        if quote is not None:
            raise YamlError(quote + first_line, "valid YAML", "a quoted value whose quote is not closed") from None
        found = " ".join(str(part) for part in (error.context, error.problem) if part)
        line = lines[index] if index < len(lines) else ""
        raise YamlError(index + first_line, "valid YAML", _plain_words(found, line, column)) from None
    except yaml.reader.ReaderError as error:
        at = text[:error.position].count("\n") + first_line
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        raise YamlError(at, "valid YAML", f"the control character {character}") from None
    except yaml.YAMLError as error:
        raise YamlError(first_line, "valid YAML", " ".join(str(error).split())) from None
    return data, node


# PyYAML's and libyaml's words for common mistakes, and what they mean to someone writing front matter.
_PLAIN_WORDS = {
    "mapping values are not allowed": "a ': ' inside a value (put it in quotes), or a line indented too far",
    "did not find expected key": "a line indented differently from the lines around it, or text after a quoted value",
    "expected '-' indicator": "a line indented differently from the lines around it",
    "expected <block end>": "a line indented differently from the lines around it",
    "could not find expected ':'": "a line that is not 'name: value'",
    "did not find expected ',' or ']'": "a list in [brackets] that is not closed",
    "did not find expected ',' or '}'": "a mapping in {braces} that is not closed",
    "expected a single document": "more than one YAML document",
}
_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?(["'])(.*)$""")


def _plain_words(problem: str, line: str, column: int) -> str:
    if "\t" in line[:column + 1]:
        return "a tab (indent with spaces)"
    if "cannot start any token" in problem and column < len(line):
        return f"a value starting with {line[column]!r} (put it in quotes)"
    return next((plain for words, plain in _PLAIN_WORDS.items() if words in problem), problem)


def _unclosed_quote(lines: list[str]) -> int | None:
    """The index of the first line opening a quoted value it does not close: when parsing fails
    further down, that quote is the likely mistake (it swallowed the lines after it)."""
    for index, line in enumerate(lines):
        match = _OPENING_QUOTE.match(line)
        if match:
            quote, rest = match.groups()
            rest = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
            if quote not in rest:
                return index
    return None


def _check_keys(node: yaml.Node | None, first_line: int) -> None:
    """YAML lets a later key silently replace an earlier one; a note should say each thing once."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise YamlError(key.start_mark.line + first_line, "each field once", f"'{key.value}' again")
                seen.add(key.value)
            _check_keys(value, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_keys(item, first_line)


def _check_events(text: str, first_line: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        line = first_line + (event.start_mark.line if event.start_mark else 0)  # the parser marks every event
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlError(line, _PLAIN, "an anchor (&) or alias (*)")
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise YamlError(line, _PLAIN, f"the tag '{tag.replace('tag:yaml.org,2002:', '!!')}'")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(line, f"at most {MAX_DEPTH} levels of nested lists and mappings", "more")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Loader(SafeLoader):
    """The safe loader, turning a value it cannot construct into a YAML error at that value's line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"{str(node.value)[:40]!r}, which cannot be read ({str(error)[:80]})",
                node.start_mark) from None


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
