"""The JSON Schema editors check notes with: current, accepting every shipped note, refusing bad ones
as `digest check` does, and written in the regex dialect editors use."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import regress
import yaml

from conftest import REPO
from research_digest.authoring.schema import SCHEMA_FILE, note_schema, schema_text
from research_digest.build.generate import load
from research_digest.build.project import Project
from research_digest.load.notes import split_front_matter
from research_digest.load.problems import ProblemList
from research_digest.load.registry import load_registry
from test_broker_views import SOURCES


class EditorLoader(yaml.SafeLoader):
    """YAML as editors read front matter (YAML 1.2): a date stays a string."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(path: Path) -> dict:
    return yaml.load(split_front_matter(path.read_text(encoding="utf-8"))[0], Loader=EditorLoader)


def checker(schema: dict) -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.fixture
def validator(project) -> jsonschema.Draft7Validator:
    """The schema of the fictional project (acme-cloud, globex)."""
    return checker(note_schema(load_registry(project.root / "registry", ProblemList())))


def json_schema(root: Path) -> dict:
    return json.loads((root / SCHEMA_FILE).read_text(encoding="utf-8"))


def test_the_committed_schema_is_up_to_date():
    problems = ProblemList()
    registry = load_registry(REPO / "registry", problems)
    assert not problems.errors
    assert (REPO / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(registry), (
        f"{SCHEMA_FILE} is out of date with the validator or registry/: run `digest schema` and commit it")


def test_every_shipped_note_is_valid():
    validator = checker(json_schema(REPO))
    notes = sorted((REPO / "notes").rglob("*.md"))
    assert len(notes) > 10
    for path in notes:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(front_matter(path))]
        assert not errors, f"{path.relative_to(REPO)}: {errors}"


GOOD = """\
title: "Acme Cloud 4Q24"
company: acme-cloud
period: 2024Q4
published: 2025-03-20 09:00 +08:00
source: company-release
kind: results-summary
language: en
metrics:
  - metric: revenue
    value: 1200.5
    unit: CNY mn
    yoy: 20.0
  - metric: gross-margin
    value: 30.0
    unit: "%"
    yoy: +1.5pp
"""

BAD = {
    "an unknown field": ("language: en", "language: en\nauthor: me"),
    "a missing title": ('title: "Acme Cloud 4Q24"\n', ""),
    "an empty title": ('title: "Acme Cloud 4Q24"', 'title: ""'),
    "an unknown company": ("company: acme-cloud", "company: nobody"),
    "an unknown kind": ("kind: results-summary", "kind: rumour"),
    "a language not offered": ("language: en", "language: fr"),
    "a date without time zone": ("published: 2025-03-20 09:00 +08:00", "published: 2025-03-20 09:00"),
    "an unknown unit": ("unit: CNY mn", "unit: RMB"),
    "a ratio in a currency": ('unit: "%"', "unit: CNY mn"),
    "an amount's change in points": ("yoy: 20.0", "yoy: 20pp"),
    "a ratio's change in percent": ("yoy: +1.5pp", "yoy: 1.5%"),
    "a negative revenue": ("value: 1200.5", "value: -1200.5"),
    "a figure without value or change": ("    value: 1200.5\n    unit: CNY mn\n    yoy: 20.0\n", "    unit: CNY mn\n"),
    "a link that is not a web address": ("language: en", "language: en\nlink: javascript:alert(1)"),
    "an unknown figure field": ("yoy: 20.0", "yoy: 20.0\n    growth: 20"),
}


def test_a_good_note_is_valid_for_both(validator, project):
    assert not list(validator.iter_errors(yaml.load(GOOD, Loader=EditorLoader)))
    project.write("notes/acme-cloud/2024Q4.md", f"---\n{GOOD}---\nBody.\n")
    loaded = load(Project(project.root))
    assert not loaded.problems.items and len(loaded.site.notes) == 1


@pytest.mark.parametrize("mistake", BAD)
def test_a_mistake_is_refused_by_schema_and_validator(mistake, validator, project):
    """Each mistake the schema catches in the editor, `digest check` catches too: one set of rules."""
    old, new = BAD[mistake]
    assert old in GOOD
    front = GOOD.replace(old, new, 1)
    assert list(validator.iter_errors(yaml.load(front, Loader=EditorLoader))), f"the schema accepts {mistake}"
    project.write("notes/acme-cloud/2024Q4.md", f"---\n{front}---\nBody.\n")
    assert load(Project(project.root)).problems.errors, f"digest check accepts {mistake}"


def test_patterns_are_ecma_regexes_as_editors_read_them():
    """Editors' schema validators use JavaScript regexes (unicode mode), stricter about escapes than Python."""
    patterns = []

    def walk(node) -> None:
        if isinstance(node, dict):
            patterns.extend(v for k, v in node.items() if k == "pattern")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json_schema(REPO))
    assert len(patterns) >= 5
    for pattern in patterns:
        regress.Regex(pattern, "u")


def test_the_schema_follows_the_registry(project):
    """Another project's registry gives another schema, and `digest schema --check` says when it is stale."""
    problems = ProblemList()
    schema = note_schema(load_registry(project.root / "registry", problems))
    companies = schema["properties"]["company"]["enum"]
    assert companies[:2] == ["acme-cloud", "globex"] and "9999.HK" in companies and "kingsoft-cloud" not in companies

    stale = project.run("schema", "--check")
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert project.run("schema").returncode == 0
    assert project.run("schema", "--check").returncode == 0
    registry = project.root / "registry" / "companies.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("globex", "initech"), encoding="utf-8")
    assert project.run("schema", "--check").returncode == 1
    assert f"Wrote {SCHEMA_FILE}" in project.run("schema").stdout.splitlines()


def test_editors_are_pointed_at_the_schema():
    """notes/.remarkrc.yml maps the schema (paths relative to notes/) onto every note."""
    config = yaml.safe_load((REPO / "notes" / ".remarkrc.yml").read_text(encoding="utf-8"))
    plugins = config["plugins"]
    assert "remark-frontmatter" in plugins
    (name, options), = [p for p in plugins if isinstance(p, list)]
    assert name == "remark-lint-frontmatter-schema"
    (schema, globs), = options["schemas"].items()
    assert (REPO / "notes" / schema).resolve() == (REPO / SCHEMA_FILE).resolve()
    assert globs == ["**/*.md"]


# A broker's review with its view (fictional brokers, from test_broker_views), and mistakes in the view.
VIEW = GOOD.replace("source: company-release\nkind: results-summary",
                    "source: northwind-securities\nkind: earnings-review") + (
    "rating: {value: 增持, previous: 增持, action: maintained}\n"
    "target_price: {value: 10.03, currency: HKD, previous: 9.80, action: raised}\n"
    "forecasts:\n  - {metric: revenue, period: 2025, value: 5200.0, unit: CNY mn, previous: 5300.0}\n")
BAD_VIEW = {
    "a rating word no broker uses": ("value: 增持, previous", "value: Overweight, previous"),
    "a rating action not offered": ("action: maintained", "action: reiterated"),
    "a target price without currency": ("currency: HKD, ", ""),
    "a currency not offered": ("currency: HKD", "currency: HK$"),
    "a forecast without period": ("period: 2025, ", ""),
    "a forecast in a ratio's unit": ("value: 5200.0, unit: CNY mn", 'value: 5200.0, unit: "%"'),
    "an unknown forecast field": ("previous: 5300.0}", "previous: 5300.0, growth: 3}"),
}


@pytest.fixture
def broker_validator(project) -> jsonschema.Draft7Validator:
    project.write("registry/sources.yml", SOURCES)
    return checker(note_schema(load_registry(project.root / "registry", ProblemList())))


def test_a_brokers_view_is_valid_for_both(broker_validator, project):
    assert not list(broker_validator.iter_errors(yaml.load(VIEW, Loader=EditorLoader)))
    project.write("notes/acme-cloud/2024Q4.md", f"---\n{VIEW}---\nBody.\n")
    loaded = load(Project(project.root))
    assert not loaded.problems.items and loaded.site.notes[0].rating is not None


@pytest.mark.parametrize("mistake", BAD_VIEW)
def test_a_mistake_in_a_view_is_refused_by_schema_and_validator(mistake, broker_validator, project):
    old, new = BAD_VIEW[mistake]
    assert old in VIEW
    front = VIEW.replace(old, new, 1)
    assert list(broker_validator.iter_errors(yaml.load(front, Loader=EditorLoader))), f"the schema accepts {mistake}"
    project.write("notes/acme-cloud/2024Q4.md", f"---\n{front}---\nBody.\n")
    assert load(Project(project.root)).problems.errors, f"digest check accepts {mistake}"
