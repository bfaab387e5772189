"""Property-based tests of the note loader: whatever a file holds, loading it gives a note or clear
problems (one line each, with a line number), never an exception; a note it accepts renders; a body
the sanitiser cleans keeps no active content."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FictionalProject
from research_digest.build import generate
from research_digest.build.project import Project
from research_digest.load.notes import FIGURE_FIELDS, NOTE_FIELDS, Note
from research_digest.load.problems import ProblemList
from research_digest.render.body import render_body
from research_digest.render.chart_plan import plan_charts
from research_digest.render.pages import render_pages

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def project() -> FictionalProject:
    return FictionalProject(Path(tempfile.mkdtemp(prefix="loader-properties-")))


@cache
def valid() -> str:
    """The fictional project's valid note, as text."""
    path = project().note()
    text = path.read_text(encoding="utf-8")
    path.unlink()
    return text


def load(data: bytes) -> tuple[Note | None, ProblemList]:
    """The note in `data` through the generator's loader, and its pages rendered (charts planned,
    not drawn) when it is accepted."""
    root = project().root
    (root / "notes" / "acme-cloud").mkdir(parents=True, exist_ok=True)
    (root / "notes" / "acme-cloud" / "note.md").write_bytes(data)
    loaded = generate.load(Project(root), NOW)
    problems = loaded.problems
    note = loaded.site.notes[0] if loaded.site.notes else None
    assert (note is None) == bool(problems.errors), [p.format(root) for p in problems.items]
    for problem in problems.items:
        message = problem.format(root)
        assert "\n" not in message and problem.line >= 1, message
        assert message.startswith("notes/acme-cloud/note.md:"), message
    if note is not None:
        assert all(markdown for _, markdown in render_pages(loaded.site, plan_charts(loaded.site)))
    return note, problems


def test_the_valid_note_loads():
    note, problems = load(valid().encode())
    assert note is not None and len(note.figures) == 2, [p.format() for p in problems.items]


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes):
    load(data)


@SETTINGS
@given(st.text(max_size=1000))
def test_any_front_matter_text(text: str):
    load(f"---\n{text}\n---\nBody.\n".encode())


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 600), st.integers(0, 8), st.text(max_size=6)), max_size=4))
def test_a_valid_note_with_random_edits(edits: list[tuple[int, int, str]]):
    text = valid()
    for at, remove, insert in edits:
        text = text[:at] + insert + text[at + remove:]
    load(text.encode())


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10**400, 10**400), st.floats(allow_nan=True),
    st.text(max_size=20), st.dates(), st.datetimes(timezones=st.none() | st.timezones()),
    st.sampled_from(["acme-cloud", "艾克云", "2024Q4", "Q5 2024", "29.6%", "+4.0pp", ">120", "CNY mn", "%",
                     "revenue", "gross-margin", "public-cloud", "company-release", "en", "reported",
                     "2025-03-20 09:00 +08:00", "https://example.com", "javascript:alert(1)", "1,410", "abc"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(FIGURE_FIELDS) | st.text(max_size=5), inner, max_size=4), max_leaves=12)
front_matters = st.dictionaries(st.sampled_from(NOTE_FIELDS) | st.text(max_size=8), values, max_size=14)


@SETTINGS
@given(front_matters)
def test_any_yaml_fields_and_values(fields: dict):
    try:
        text = yaml.safe_dump(fields, allow_unicode=True)
    except (yaml.YAMLError, ValueError):  # values PyYAML itself cannot write
        return
    load(f"---\n{text}---\nBody.\n".encode())


@SETTINGS
@given(st.fixed_dictionaries({}, optional={"title": values, "company": values, "period": values,
                                           "published": values, "metrics": st.lists(values, max_size=3)}))
def test_a_valid_note_with_fields_replaced(replaced: dict):
    fields = yaml.safe_load(valid().split("---\n")[1])
    fields.update(replaced)
    try:
        text = yaml.safe_dump(fields, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return
    load(f"---\n{text}---\nBody.\n".encode())


class ActiveContent(HTMLParser):
    """Anything in sanitised HTML that could run or restyle the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "iframe", "object", "embed", "form", "svg", "img", "input", "base"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcset", "action"):
                self.found.append(name)
            scheme = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\t\n\r]", "", value or "").strip("\x00 "), re.I)
            if name == "href" and scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                self.found.append(value)


fragments = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=//x></iframe>", "<form action=//x>",
    "<style>*{}</style>", '<b style="x">', "<svg onload=alert(1)>", "[x](javascript:alert(1))",
    "[x](data:text/html,x)", "<javascript:alert(1)>", '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x][r]\n\n[r]: javascript:alert(1)", "![i](javascript:alert(1))", "<a href=' javascript:x'>", "`<script>`",
    "\n\n", "    <script>", "<!-- <script> -->", "<", ">", "&", "\"", "'", "*", "|", "[", "](", ")", "text",
])


@SETTINGS
@given(st.lists(fragments, max_size=12).map("".join))
def test_no_active_content_survives_the_sanitiser(body: str):
    scanner = ActiveContent()
    scanner.feed(render_body(body))
    assert not scanner.found, body
