"""The VS Code snippets that complete notes: current with the registry, expanding to notes `digest check`
accepts, and escaped so that names and ids with snippet or YAML syntax in them come out as written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from research_digest.authoring.snippets import SNIPPETS_FILE, Body, snippets_text
from research_digest.load.problems import ProblemList
from research_digest.load.registry import load_registry


@dataclass
class Stop:
    number: int
    default: str  # a placeholder's text, a choice's first value, or "" for a bare tabstop
    choices: list[str]


def parse(body: str) -> list[str | Stop]:
    """VS Code's snippet grammar, as far as the snippets use it: $1, ${1}, ${1:text}, ${1|a,b|}, escapes."""
    items: list[str | Stop] = []
    i = 0
    while i < len(body):
        stop = re.compile(r"\$(\d+)|\$\{(\d+)([:|}])").match(body, i)
        if stop and stop.group(1):
            items.append(Stop(int(stop.group(1)), "", []))
            i = stop.end()
        elif stop:
            number, kind, i = int(stop.group(2)), stop.group(3), stop.end()
            if kind == "}":
                items.append(Stop(number, "", []))
            elif kind == ":":
                text, i = read(body, i, "$}\\", "}")
                items.append(Stop(number, text, []))
            else:
                values = []
                while True:
                    value, i = read(body, i, ",|\\", ",|")
                    values.append(value)
                    if body[i - 1] == "|":
                        assert body[i] == "}", f"a choice must end with |}}: {body!r}"
                        i += 1
                        break
                items.append(Stop(number, values[0], values))
        else:
            text, i = read(body, i, "$}\\", "$", consume=False)
            items.append(text)
    return items


def read(body: str, i: int, escapable: str, ends: str, consume: bool = True) -> tuple[str, int]:
    """Text up to the first unescaped character in `ends`; a backslash escapes only `escapable`."""
    out = []
    while i < len(body) and body[i] not in ends:
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in escapable:
            i += 1
        out.append(body[i])
        i += 1
    if consume:
        assert i < len(body), f"unterminated element in {body!r}"
        i += 1
    elif i < len(body) and not re.match(r"\$\d|\$\{\d", body[i:]):
        out.append(body[i])  # a lone $ is text
        rest, i = read(body, i + 1, escapable, ends, consume=False)
        out.append(rest)
    return "".join(out), i


def expand(lines: list[str], fills: dict[int, str] | None = None) -> str:
    """The text a contributor gets by taking the first choices and typing `fills` at those tabstops."""
    return "".join(item if isinstance(item, str) else (fills or {}).get(item.number, item.default)
                   for item in parse("\n".join(lines)))


def stops(lines: list[str]) -> dict[int, Stop]:
    return {item.number: item for item in parse("\n".join(lines)) if isinstance(item, Stop)}


def jsonc(path: Path) -> dict:
    """VS Code's JSON with whole-line comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return json.loads("\n".join(line for line in lines if not line.lstrip().startswith("//")))


def read_snippets(root: Path) -> dict:
    return jsonc(root / SNIPPETS_FILE)


def test_the_committed_snippets_are_up_to_date():
    problems = ProblemList()
    registry = load_registry(REPO / "registry", problems)
    assert not problems.errors
    assert (REPO / SNIPPETS_FILE).read_text(encoding="utf-8") == snippets_text(registry), (
        f"{SNIPPETS_FILE} is out of date with the validator or registry/: run `digest schema` and commit it")


def test_schema_check_says_when_the_snippets_are_stale(project):
    assert project.run("schema").returncode == 0
    assert project.run("schema", "--check").returncode == 0
    companies = project.root / "registry" / "companies.yml"
    companies.write_text(companies.read_text(encoding="utf-8").replace("globex", "initech"), encoding="utf-8")
    stale = project.run("schema", "--check")
    assert stale.returncode == 1
    assert f"{SNIPPETS_FILE} is out of date with the validator or registry/: run digest schema" in stale.stderr
    assert "initech" not in (project.root / SNIPPETS_FILE).read_text(encoding="utf-8"), "--check wrote the file"
    assert "Wrote .vscode/research-digest.code-snippets" in project.run("schema").stdout
    assert "initech" in read_snippets(project.root)["Note front matter"]["body"][2]


def test_the_snippets_offer_the_registry_ids_as_choices():
    found = read_snippets(REPO)
    note = stops(found["Note front matter"]["body"])
    lines = found["Note front matter"]["body"]
    choice_of = {line.split(":")[0].strip(" -"): note[int(m.group(1))].choices
                 for line in lines if (m := re.search(r"\$\{(\d+)\|", line))}
    assert choice_of["company"][:2] == ["kingsoft-cloud", "alibaba-cloud"] and "kingdee" in choice_of["company"]
    assert "everbright-securities" in choice_of["source"]
    assert choice_of["kind"] == ["earnings-review", "preview", "call-digest", "results-summary"]
    assert "gross-margin" in choice_of["metric"] and '"%"' in choice_of["unit"]
    kingsoft = found["company: kingsoft-cloud"]
    assert kingsoft["prefix"][:4] == ["kingsoft-cloud", "Kingsoft Cloud", "金山云", "3896.HK"]
    assert kingsoft["description"] == "company id for Kingsoft Cloud 金山云" and kingsoft["body"] == ["kingsoft-cloud"]
    assert all(s["scope"] == "markdown,yaml" for s in found.values())


def test_the_folder_settings_offer_snippets_as_you_type_in_notes():
    """VS Code turns quick suggestions off in Markdown, and front matter values are YAML strings."""
    markdown = jsonc(REPO / ".vscode" / "settings.json")["[markdown]"]
    assert markdown["editor.quickSuggestions"] == {"other": "on", "comments": "off", "strings": "on"}
    assert markdown["editor.suggest.showSnippets"] and markdown["editor.snippetSuggestions"] == "top"
    assert "unifiedjs.vscode-remark" in jsonc(REPO / ".vscode" / "extensions.json")["recommendations"]


def filled(lines: list[str], typed: dict[str, str]) -> str:
    """`lines` expanded with the first choices, typing `typed[key]` in the blank on a `key:` line."""
    fills = {}
    for line in lines:
        for match in re.finditer(r"\$\{?(\d+)(?!\d*\|)", line):
            fills[int(match.group(1))] = typed.get(line.split(":")[0].strip(" -"), "")
    blanks = {n for n, stop in stops(lines).items() if not stop.choices}
    return expand(lines, {n: text for n, text in fills.items() if n in blanks and text})


def notes_from_snippets(root: Path) -> dict[Path, str]:
    """Two notes: the front-matter snippet as a contributor fills it in, and one (for another period)
    whose figures are every figure snippet, first choices and blanks filled."""
    found = read_snippets(root)
    note = found["Note front matter"]["body"]
    typed = {"title": "Acme Cloud 4Q24: revenue up", "analysts": "Jane Doe", "tags": "AI", "value": "1200.5",
             "yoy": "20", "qoq": "5"}
    first = filled(note, typed)
    figures = [filled(s["body"], {"value": "10", "yoy": "1", "period": "FY2022"})
               for name, s in found.items() if name.startswith("Figure:")]
    assert len(figures) == 6
    head = filled(note, {**typed, "period": "2022Q4"}).split("metrics:\n")[0]
    second = head + "metrics:\n" + "".join(f"  {f}\n".replace("\n  ", "\n    ") for f in figures) + "---\nBody.\n"
    notes = {}
    for text in (first + "Body.\n", second):
        front = yaml.safe_load(text.split("---\n")[1])
        notes[root / "notes" / str(front["company"]) / f"{front['period']}-{front['source']}.md"] = text
    return notes


def check_notes(project, notes: dict[Path, str]) -> None:
    for path, text in notes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = project.run("check")
    assert result.returncode == 0, "\n".join([*notes.values(), result.stderr])


def test_the_snippets_expand_to_notes_digest_check_accepts(project):
    assert project.run("schema").returncode == 0
    notes = notes_from_snippets(project.root)
    first, second = (yaml.safe_load(text.split("---\n")[1]) for text in notes.values())
    assert first["company"] == "acme-cloud" and first["title"] == "Acme Cloud 4Q24: revenue up"
    assert first["metrics"] == [{"metric": "revenue", "value": 1200.5, "unit": "CNY mn", "yoy": 20, "qoq": 5}]
    assert [(f["metric"], f["unit"]) for f in second["metrics"]] == [
        ("revenue", "CNY mn"), ("gross-margin", "%"), ("revenue", "CNY mn"), ("revenue", "CNY mn"),
        ("revenue", "CNY mn"), ("revenue", "CNY mn")]
    assert second["metrics"][-1]["definition"] == "new" and second["metrics"][-1]["definition_note"]
    check_notes(project, notes)


def test_every_field_snippet_writes_one_field_of_the_note():
    found = read_snippets(REPO)
    fields = {name.removeprefix("Field: "): s for name, s in found.items() if name.startswith("Field: ")}
    assert {"company", "metric", "unit", "yoy", "qoq", "basis"} <= set(fields)
    for key, snippet in fields.items():
        line, = snippet["body"]
        assert list(yaml.safe_load(expand([line]).replace("[]", "[x]")) or {}) == [key]


WEIRD = """\
- id: "on"
  name_en: 'Dollar $1 {Cloud}, A|B \\ Co'
  name_zh: 美元云
  tickers: {HKEX: "1234.HK"}
  aliases: ["a,b", "x}y", "${2:z}"]
  fiscal_year_end: 12
  segments: [public-cloud]
"""


@pytest.mark.parametrize("value", ["a,b", "c|d", "back\\slash", "$1 {x}", "%", "on", "2024", "# hash"])
def test_choices_and_placeholders_come_out_as_written(value):
    body = Body()
    line = f"{body.choice([value, 'other'])} {body.blank(value)}"
    choice, blank = parse(line)[0], parse(line)[2]
    assert yaml.safe_load(choice.default) == value and choice.choices[1] == "other"
    assert blank.default == value


def test_names_and_ids_with_special_characters(project):
    """A company id YAML reads as a boolean and names full of snippet syntax: snippets still give the id."""
    project.write("registry/companies.yml", WEIRD)
    assert project.run("schema").returncode == 0
    found = read_snippets(project.root)
    entry = found["company: on"]
    assert entry["prefix"] == ["on", "Dollar $1 {Cloud}, A|B \\ Co", "美元云", "1234.HK", "a,b", "x}y", "${2:z}"]
    assert expand(entry["body"]) == "on"
    notes = notes_from_snippets(project.root)
    assert all("\ncompany: \"on\"\n" in text for text in notes.values())
    check_notes(project, notes)
