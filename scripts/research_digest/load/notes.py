"""Notes: read each Markdown file, validate its front matter, and turn it into a `Note`.

Every problem in every note is collected (file, line, field, expected vs found) rather than
stopping at the first, so a contributor fixes a note in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from research_digest.load.bodycheck import check_body
from research_digest.load.citations import REFERENCE_FIELDS, Reference, body_markers
from research_digest.load.periods import Period, PeriodError, parse_period
from research_digest.load.problems import Problem, ProblemList
from research_digest.load.provenance import provenance_problems
from research_digest.load.registry import Company, Metric, Registry
from research_digest.load.units import (
    AMOUNT_UNITS,
    PER_SHARE_UNITS,
    RATIO,
    UnitError,
    convert,
    convert_places,
    decimals,
    format_value,
    read_unit,
    with_unit,
)
from research_digest.load.views import Forecast, Rating, TargetPrice, read_forecasts, read_rating, read_target
from research_digest.load.yamlsafe import YamlError, child, node_line, parse_yaml

KINDS = ("earnings-review", "preview", "call-digest", "results-summary")
LANGUAGES = ("zh", "en")
BASES = ("reported", "adjusted")
RATIO_UNIT = RATIO
UNIT_FORMS = (*AMOUNT_UNITS, RATIO_UNIT, *PER_SHARE_UNITS)  # every unit but a count's, whose noun is the metric's
NOTE_FIELDS = ("title", "company", "period", "published", "source", "analysts", "kind", "language",
               "link", "segments", "tags", "references", "metrics", "rating", "target_price", "forecasts")
REQUIRED = ("title", "company", "period", "published", "source", "kind", "language")
# The order of the note format, which `digest new`, `digest import`, the schema and the snippets write:
# what a figure is (metric, segment, basis, period), then what it says.
FIGURE_FIELDS = ("metric", "segment", "basis", "period", "value", "unit", "yoy", "qoq", "note", "definition",
                 "definition_note", "citation")
NEW_DEFINITION = "new"  # `definition: new`: the figure is the first of its series on a new definition
MAX_NOTE_BYTES = 1_000_000
FUTURE_TOLERANCE = dt.timedelta(days=1)
PUBLISHED_FORMS = "a date with time and time zone, like 2025-03-22 14:46 +08:00, or a date alone, like 2025-03-19"
MAX_MAGNITUDE = 1e9  # larger than any real figure or change, small enough that conversions stay finite
MAX_SHOWN = 80  # characters of a wrong value quoted in a message

# A number as written, after an optional qualifier: a bound (>, >=, <, <=) or approximate (~).
_QUALIFIER = r"(>=|<=|[<>~≈≥≤]?)"
_NUMBER = re.compile(r"^\s*" + _QUALIFIER + r"\s*([+-]?)\s*(\d[\d,]*\.?\d*|\.\d+)\s*%?\s*$")
_CHANGE = re.compile(r"^\s*" + _QUALIFIER + r"\s*([+-]?)\s*(\d[\d,]*\.?\d*|\.\d+)\s*(%|pp|ppt|个百分点)?\s*$",
                     re.I)
QUALIFIERS = {"≥": ">=", "≤": "<=", "≈": "~"}  # written -> stored; the others are stored as written
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Change:
    """A stated year-on-year or quarter-on-quarter change: percent for amounts, points for ratios."""

    value: float
    unit: str  # "%" or "pp"
    places: int  # decimals as written: "6.50" has two
    qualifier: str = ""  # "", a bound (">", ">=", "<", "<=") or "~" when the source is approximate

    def format(self) -> str:
        return f"{self.qualifier}{self.value:+.{max(1, self.places)}f}{'%' if self.unit == '%' else ' pp'}"


@functools.total_ordering
@dataclass(frozen=True)
class Published:
    """When a note's source came out: its date, and its time with the time zone only when the source
    states one, so a note never shows a time nobody knows."""

    date: dt.date  # as written: the local date of `moment` when there is one
    moment: dt.datetime | None = None  # aware

    @classmethod
    def at(cls, moment: dt.datetime) -> Published:
        return cls(moment.date(), moment)

    @property
    def sort_key(self) -> tuple[dt.date, bool, float]:
        """By date; on one date a stated time comes after the date alone (newest first puts it above),
        and two stated times compare as instants."""
        return (self.date, self.moment is not None, self.moment.timestamp() if self.moment else 0.0)

    def __lt__(self, other: Published) -> bool:
        return self.sort_key < other.sort_key

    @property
    def display(self) -> str:
        """As a page shows it: 2025-03-19, or 2025-03-22 14:46 +0800."""
        return self.moment.strftime("%Y-%m-%d %H:%M %z") if self.moment else self.date.isoformat()

    def isoformat(self) -> str:
        """As data files write it: 2025-03-19, or 2025-03-22T14:46:00+08:00."""
        return self.moment.isoformat() if self.moment else self.date.isoformat()


@dataclass(frozen=True)
class Figure:
    metric: str
    segment: str | None
    period: Period
    value: float | None
    value_places: int  # decimals as written: "1.410" has three (0 without a value)
    value_qualifier: str  # "", a bound (">", ">=", "<", "<=") or "~" (approximate), as for a Change
    unit: str
    yoy: Change | None
    qoq: Change | None
    basis: str
    note: str
    new_definition: bool  # the first figure of its series on a new definition: not compared with earlier ones
    definition_note: str  # what changed, in the note's words
    citation: str
    line: int

    def shown_value(self, unit: str | None = None) -> str:
        """The value as written, with its qualifier and decimals (in `unit` when given): ">20", "1.410"."""
        if self.value is None:
            return format_value(None, self.unit)
        to = unit or self.unit
        value, places = convert(self.value, self.unit, to), convert_places(self.value_places, self.unit, to)
        if self.value_qualifier and value is not None:  # a bound keeps its words: ">20", not ">20.0"
            return f"{self.value_qualifier}{value:,.{places}f}"
        return format_value(value, to, places)

    def as_written(self) -> str:
        """The value exactly as the note writes it, with its unit ("58,400 vehicles", "2.232 CNY bn"), or ""."""
        if self.value is None:
            return ""
        return with_unit(f"{self.value_qualifier}{self.value:,.{self.value_places}f}", self.unit)

    def changes(self) -> list[str]:
        """The changes it states, as pages and summaries write them: ["YoY +4.8%", "QoQ -3.1%"]."""
        return [f"{name} {change.format()}" for name, change in (("YoY", self.yoy), ("QoQ", self.qoq)) if change]


@dataclass(frozen=True)
class Note:
    path: Path  # relative to the project root, e.g. notes/kingsoft-cloud/2024Q4-everbright-securities.md
    title: str
    company: str
    period: Period
    published: Published
    source: str
    analysts: tuple[str, ...]
    kind: str
    language: str
    link: str
    segments: tuple[str, ...]
    tags: tuple[str, ...]
    figures: tuple[Figure, ...]
    body: str
    references: tuple[Reference, ...] = ()  # what the body's markers [2], [3] cite, in marker order
    # A broker's view (load/views.py): its rating, target price and estimates for later periods.
    rating: Rating | None = None
    target_price: TargetPrice | None = None
    forecasts: tuple[Forecast, ...] = ()

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """Two notes with the same identity are duplicates."""
        return (self.company, self.period.label, self.source, self.kind)

    @property
    def slug(self) -> str:
        """Page path below notes/, built from validated ids only (never from the file name)."""
        return f"{self.company}/{self.period.label}-{self.source}-{self.kind}"


def _name(key: object) -> str:
    """A front matter key as a message names it: quoted when it holds spaces or odd characters."""
    return str(key) if re.fullmatch(r"[\w.-]+", str(key)) else repr(str(key))


def _known(what: str, key: object, known: tuple[str, ...]) -> str:
    """What an unknown field should have been: the nearest known name, or all of them."""
    close = difflib.get_close_matches(str(key).casefold(), known, n=1, cutoff=0.6)
    return f"a known {what}: did you mean '{close[0]}'?" if close else f"a known {what} ({', '.join(known)})"


def _finite(value: float | str) -> float | None:
    """`value` as a float, or None when it is not a finite number (.nan, .inf, 1e999, 10**400)."""
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _written(pattern: re.Pattern[str], value: Any, node: yaml.Node | None) -> tuple[float, int, str] | None:
    """A number as its note writes it: (value, decimals, qualifier), or None when it is not one.

    The decimals come from the YAML source text (`node`): a plain 1.410 reaches us as the float 1.41."""
    source = node.value if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else str(value)
    match = pattern.match(source)
    if match is None:
        if isinstance(value, (int, float)):  # a YAML number in a form the pattern does not read: 1e3, 1_000
            number = _finite(value)
            return None if number is None else (number, decimals(number), "")
        return None
    qualifier, sign, digits = match.group(1), match.group(2), match.group(3).replace(",", "")
    number = _finite(sign + digits)
    if number is None:
        return None
    places = len(digits.split(".")[1]) if "." in digits else 0
    return number, places, QUALIFIERS.get(qualifier, qualifier)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts), or None when there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None


def read_text(path: Path, problems: ProblemList) -> str | None:
    """A note's text: UTF-8 (a BOM and CRLF line ends are accepted), at most MAX_NOTE_BYTES."""
    if path.is_symlink():
        problems.add(Problem(path, 1, "", "a note file (not a link to another file)", "a symbolic link"))
        return None
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(Problem(path, 1, "", "a readable file", error.strerror or type(error).__name__))
        return None
    if len(data) > MAX_NOTE_BYTES:
        problems.add(Problem(path, 1, "", f"a note under {MAX_NOTE_BYTES // 1000} KB", f"{len(data) // 1000} KB"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(Problem(path, line, "", "UTF-8 text (save the file as UTF-8)",
                             f"bytes that are not UTF-8 (GBK?) at byte {error.start}"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_notes(root: Path, notes_dir: Path, registry: Registry, problems: ProblemList,
               now: dt.datetime | None = None, load_one: Callable[..., Note | None] | None = None) -> list[Note]:
    """Every valid note below `notes_dir`; problems in the others go to `problems`.

    `load_one` reads one note (default `load_note`; the generator passes a cached one)."""
    now = now or dt.datetime.now(dt.UTC)
    notes: list[Note] = []
    seen: dict[tuple[str, str, str, str], Note] = {}
    for path in sorted(notes_dir.rglob("*.md")):
        if any(part.startswith((".", "_")) for part in path.relative_to(notes_dir).parts) or path.is_dir():
            continue
        note = (load_one or load_note)(path, root, registry, problems, now)
        if note is None:
            continue
        if note.identity in seen:
            first = seen[note.identity]
            problems.add(Problem(path, 1, "",
                                 f"one note per company, period, source and kind ({first.path} has the same)",
                                 "a duplicate note"))
            continue
        seen[note.identity] = note
        notes.append(note)
    return notes


def load_note(path: Path, root: Path, registry: Registry, problems: ProblemList,
              now: dt.datetime) -> Note | None:
    relative = path.relative_to(root) if path.is_relative_to(root) else path
    text = read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(Problem(relative, 1, "", "a note with front matter between --- lines", "an empty file"))
        return None
    parts = split_front_matter(text)
    if parts is None:
        first = text.splitlines()[0]
        if first.strip() == "---":
            problems.add(Problem(relative, 1, "", "a line '---' closing the front matter", "none"))
        else:
            problems.add(Problem(relative, 1, "", "front matter: a first line '---', the YAML fields, then '---'",
                                 repr(first[:60])))
        return None
    front_text, body, body_line = parts
    try:
        data, node = parse_yaml(front_text, first_line=2)
    except YamlError as error:
        problems.add(Problem(relative, error.line, "", error.expected, error.found))
        return None
    if not isinstance(data, dict):
        problems.add(Problem(relative, 2, "", "front matter fields (name: value)",
                             "a list" if isinstance(data, list) else repr(str(data)[:MAX_SHOWN])))
        return None
    note = _Validator(relative, data, node, registry, problems, now).note(body, body_line)
    refused = check_body(relative, body, body_line, problems)
    return None if refused else note


class _Validator:
    """Checks one note's front matter; each check reports with the line of the field it reads."""

    def __init__(self, path: Path, data: dict, node: yaml.Node | None, registry: Registry,
                 problems: ProblemList, now: dt.datetime):
        self.path, self.data, self.node, self.registry = path, data, node, registry
        self.problems, self.now = problems, now
        self.failed = False

    def fail(self, field: str, expected: str, found: Any, node: yaml.Node | None = None) -> None:
        line = node_line(node, 2) if node is not None else node_line(self._node(field), 2)
        described = isinstance(found, str) and found.startswith(("'", "a ", "an ", "no ", "nothing"))
        shown = found if described else repr(found)
        if len(shown) > MAX_SHOWN:
            shown = shown[:MAX_SHOWN - 3] + "..."
        self.problems.add(Problem(self.path, line, field, expected, shown))
        self.failed = True

    def warn(self, field: str, expected: str, found: str) -> None:
        """A doubt that does not stop the note from loading (an error under --strict)."""
        self.problems.add(Problem(self.path, self.line(field), field, expected, found, severity="warning"))

    def line(self, field: str) -> int:
        return node_line(self._node(field), 2)

    def child_node(self, field: str) -> yaml.Node | None:
        """The YAML node of `field` itself, or None when the note does not write it."""
        node = self._node(field)
        return node if node is not self._node(field.rsplit(".", 1)[0]) else None

    def _node(self, field: str) -> yaml.Node | None:
        node = self.node
        for part in re.findall(r"[^.\[\]]+", field):
            found = child(node, int(part) if part.isdigit() else part)
            if found is None:
                return node
            node = found
        return node

    def note(self, body: str, body_line: int) -> Note | None:
        for key in self.data:
            if key not in NOTE_FIELDS:
                self.fail(_name(key), _known("field", key, NOTE_FIELDS), repr(str(key)), child(self.node, key))
        for key in REQUIRED:
            if self.data.get(key) is None or str(self.data[key]).strip() == "":
                self.fail(key, f"a value for the required field '{key}'", "nothing")
        if self.failed:
            return None
        company = self.resolve("company", self.registry.companies)
        company_entry = self.registry.companies.entries.get(company)
        period = self.period("period", self.data["period"], company_entry)
        title = self.text("title") or ""
        published = self.published()
        source = self.resolve("source", self.registry.sources)
        analysts = self.text_list("analysts")
        kind = self.choice("kind", KINDS)
        language = self.choice("language", LANGUAGES)
        link = self.url("link", self.data.get("link"))
        segments = tuple(self.resolve(f"segments[{i}]", self.registry.segments, v)
                         for i, v in enumerate(self.text_list("segments")))
        tags = self.text_list("tags")
        references = self.references(body, body_line)
        figures = self.figures(company_entry, period, link) if company_entry and period else ()
        rating = read_rating(self, self.registry.sources.entries.get(source))
        target_price = read_target(self)
        forecasts = read_forecasts(self, company_entry, kind, period, link) if company_entry else ()
        if self.failed or period is None:  # period is None only after a failure
            return None
        note = Note(path=self.path, title=title, company=company, period=period, published=published, source=source,
                    analysts=analysts, kind=kind, language=language, link=link, segments=segments, tags=tags,
                    figures=figures, body=body, references=references, rating=rating, target_price=target_price,
                    forecasts=forecasts)
        for problem in provenance_problems(note, self.registry, lambda field: node_line(self._node(field), 2)):
            self.problems.add(problem)  # warnings: the note loads
        return note

    # --- single fields -------------------------------------------------------------------------

    def text(self, field: str, value: Any = None) -> str | None:
        """The field as text; None (and a problem) when it is a list or mapping."""
        value = self.data.get(field) if value is None else value
        if isinstance(value, (dict, list)):
            self.fail(field, "text", f"a {type(value).__name__}")
            return None
        return str(value).strip()

    def text_list(self, field: str) -> tuple[str, ...]:
        value = self.data.get(field)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            self.fail(field, "a list of words, like [a, b]", value)
            return ()
        return tuple(str(v).strip() for v in value)

    def choice(self, field: str, allowed: tuple[str, ...]) -> str:
        value = self.text(field)
        if value is not None and value not in allowed:
            self.fail(field, f"one of {', '.join(allowed)}", value)
        return value or ""

    def choice_of(self, field: str, value: Any, allowed: tuple[str, ...]) -> str:
        """An optional field with a fixed set of words: "" when the note leaves it out."""
        if value in (None, ""):
            return ""
        text = self.text(field, value)
        if text is not None and text not in allowed:
            self.fail(field, f"one of {', '.join(allowed)}", text)
        return text or ""

    def resolve(self, field: str, table, value: Any = None) -> str:
        name = self.text(field, value)
        if name is None:
            return ""
        found = table.resolve(name)
        if found is None:
            self.fail(field, f"a {table.what} from the registry ({table.suggest(name)})", name)
            return name
        return found

    def period(self, field: str, value: Any, company: Company | None) -> Period | None:
        try:
            return parse_period(value, company.fiscal_year_end if company else 12)
        except PeriodError as error:
            self.fail(field, error.expected, value)
            return None

    def published(self) -> Published:
        """A date alone when the source gives no time; a time without its zone is refused, since the
        zone decides the order against other notes."""
        value = self.data["published"]
        if isinstance(value, str):
            read = dt.date.fromisoformat if _DATE_ONLY.match(value.strip()) else dt.datetime.fromisoformat
            try:
                value = read(re.sub(r"\s+([+-]\d\d:?\d\d)$", r"\1", value.strip()))
            except ValueError:
                value = None
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            published = Published.at(value)
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            published = Published(value)
        else:
            self.fail("published", PUBLISHED_FORMS, self.data["published"] if value is None else str(value))
            return Published(dt.date.min)
        latest = self.now + FUTURE_TOLERANCE
        future = (published.moment > latest) if published.moment else (published.date > latest.date())
        if future:
            self.fail("published", "a date that is not in the future", str(value))
        return published

    def url(self, field: str, value: Any, node: yaml.Node | None = None) -> str:
        if value in (None, ""):
            return ""
        text = str(value).strip()
        if not _SAFE_URL.match(text):
            self.fail(field, "a web address starting with http:// or https://", text, node)
            return ""
        return text

    def references(self, body: str, body_line: int) -> tuple[Reference, ...]:
        """The sources list; every marker the body uses must be in it (see load/citations.py)."""
        items = self.data.get("references") or []
        if not isinstance(items, list):
            self.fail("references", "a list of sources, each like '- marker: 2' with its text",
                      f"a {type(items).__name__}")
            items = []
        references: dict[int, Reference] = {}
        for index, item in enumerate(items):
            where = f"references[{index}]"
            if not isinstance(item, dict):
                self.fail(where, "a source with a marker and its text, like {marker: 2, text: ...}", item)
                continue
            for key in item:
                if key not in REFERENCE_FIELDS:
                    self.fail(f"{where}.{_name(key)}", _known("source field", key, REFERENCE_FIELDS), repr(str(key)))
            marker = item.get("marker")
            if isinstance(marker, bool) or not isinstance(marker, int) or not 0 < marker < 1000:
                self.fail(f"{where}.marker", "the number the body writes in brackets, like 2 for [2]", marker)
                continue
            if marker in references:
                self.fail(f"{where}.marker", "each marker once", f"[{marker}] twice")
                continue
            text = self.text(f"{where}.text", item.get("text") or "")
            if not text:
                self.fail(f"{where}.text", "what the marker cites, in words", "nothing")
                continue
            references[marker] = Reference(marker, text, self.url(f"{where}.url", item.get("url")))
        for line, marker in body_markers(body, body_line):
            if marker not in references:
                self.problems.add(Problem(self.path, line, "body", f"a source for the marker [{marker}] in the "
                                          f"front matter's references, like '- marker: {marker}'",
                                          f"[{marker}] with no source"))
                self.failed = True
        return tuple(sorted(references.values(), key=lambda reference: reference.marker))

    # --- figures -----------------------------------------------------------------------------

    def figures(self, company: Company, period: Period, link: str) -> tuple[Figure, ...]:
        items = self.data.get("metrics") or []
        if not isinstance(items, list):
            self.fail("metrics", "a list of figures, each starting with '- metric:'", f"a {type(items).__name__}")
            return ()
        figures = []
        for index, item in enumerate(items):
            figure = self.figure(f"metrics[{index}]", item, company, period, link)
            if figure is not None:
                figures.append(figure)
        return tuple(figures)

    def figure(self, where: str, item: Any, company: Company, note_period: Period, link: str) -> Figure | None:
        node = self._node(where)
        if not isinstance(item, dict):
            self.fail(where, "a figure (metric, value, unit, ...)", item, node)
            return None
        before = self.failed
        self.failed = False
        for key in item:
            if key not in FIGURE_FIELDS:
                self.fail(f"{where}.{_name(key)}", _known("figure field", key, FIGURE_FIELDS), repr(str(key)))
        if not item.get("metric"):
            self.fail(f"{where}.metric", "a metric id from the registry", "nothing", node)
            return None
        metric_id = self.resolve(f"{where}.metric", self.registry.metrics, item["metric"])
        if metric_id not in self.registry.metrics:
            self.failed = before or self.failed
            return None
        metric = self.registry.metrics[metric_id]
        segment = None
        if item.get("segment") not in (None, ""):
            segment = self.resolve(f"{where}.segment", self.registry.segments, item["segment"])
            if segment in self.registry.segments and self.registry.segments[segment].is_group:
                self.fail(f"{where}.segment", "a segment the company reports (a shared one such as "
                          f"'{segment}' compares companies' own segments)", segment)
        period = note_period
        if item.get("period") not in (None, ""):
            period = self.period(f"{where}.period", item["period"], company) or note_period
        unit = self.unit(f"{where}.unit", item.get("unit"), metric)
        value, places, qualifier = self.number(f"{where}.value", item.get("value"), child(node, "value"))
        yoy = self.change(f"{where}.yoy", item.get("yoy"), metric.is_ratio, child(node, "yoy"))
        qoq = self.change(f"{where}.qoq", item.get("qoq"), metric.is_ratio, child(node, "qoq"))
        if item.get("value") in (None, "") and yoy is None and qoq is None:
            self.fail(f"{where}.value", "a value (or at least a yoy or qoq change)", "nothing", node)
        if value is not None:
            self.plausible(f"{where}.value", value, metric)
        new_definition = self.definition(f"{where}.definition", item.get("definition"))
        definition_note = self.text(f"{where}.definition_note", item.get("definition_note") or "") or ""
        if definition_note and not new_definition:
            self.fail(f"{where}.definition_note", "a definition note only with 'definition: new'",
                      definition_note)
        basis = str(item.get("basis") or "reported")
        if basis not in BASES:
            self.fail(f"{where}.basis", f"one of {', '.join(BASES)}", basis)
        citation = self.url(f"{where}.citation", item.get("citation")) or link
        failed, self.failed = self.failed, before or self.failed
        if failed:
            return None
        return Figure(metric=metric.id, segment=segment, period=period, value=value, value_places=places,
                      value_qualifier=qualifier, unit=unit, yoy=yoy, qoq=qoq, basis=basis,
                      note=self.text(f"{where}.note", item.get("note") or "") or "", new_definition=new_definition,
                      definition_note=definition_note, citation=citation, line=node_line(node, 2))

    def unit(self, field: str, value: Any, metric: Metric) -> str:
        """The unit in its canonical form (HK$ -> HKD/share), as the metric's kind takes it."""
        text = " ".join(str(value or "").split())
        try:
            return read_unit(text, metric.kind, metric.unit).text
        except UnitError as error:
            self.fail(field, f"{error.expected} ({metric.id})", text or "nothing")
            return text

    def definition(self, field: str, value: Any) -> bool:
        if value in (None, ""):
            return False
        if str(value).strip() != NEW_DEFINITION:
            self.fail(field, f"'{NEW_DEFINITION}' (the first figure on a new definition), or nothing", value)
        return True

    def number(self, field: str, value: Any, node: yaml.Node | None) -> tuple[float | None, int, str]:
        """(the number, its decimals as written, its qualifier); read from the YAML source text, since
        YAML reads 1.410 as the float 1.41."""
        if value is None or value == "":
            return None, 0, ""
        if isinstance(value, bool):
            self.fail(field, "a number", value)
            return None, 0, ""
        written = _written(_NUMBER, value, node)
        if written is None:
            self.fail(field, "a number, like 2232.1, 29.6% or '>20'", value)
            return None, 0, ""
        number, places, qualifier = written
        return self.within(field, number, value), places, qualifier

    def within(self, field: str, number: float | None, value: Any) -> float | None:
        """`number` unless it is beyond any real figure (which unit conversions could overflow)."""
        if number is not None and abs(number) > MAX_MAGNITUDE:
            self.fail(field, f"a number no larger than {MAX_MAGNITUDE:,.0f}", value)
            return None
        return number

    def change(self, field: str, value: Any, is_ratio: bool, node: yaml.Node | None) -> Change | None:
        if value is None or value == "":
            return None
        unit = "pp" if is_ratio else "%"
        written = None if isinstance(value, bool) else _written(_CHANGE, value, node)
        if written is None:
            self.fail(field, "a change like 29.6, -3.1, '+4.0pp' or '>120'", value)
            return None
        number, places, qualifier = written
        if self.within(field, number, value) is None:
            return None
        match = _CHANGE.match(str(value)) if isinstance(value, str) else None
        suffix = match.group(4) if match else None
        stated = {"%": "%"}.get(suffix or "", "pp" if suffix else unit)
        if stated != unit:
            wanted = "percentage points (pp): the metric is a ratio" if is_ratio else "percent: the metric is an amount"
            self.fail(field, f"a change in {wanted}", value)
            return None
        return Change(number, unit, places, qualifier)

    def plausible(self, field: str, value: float, metric) -> None:
        if metric.is_ratio and value > 100:
            self.fail(field, f"a ratio of at most 100% ({metric.id})", value)
        if value < 0 and not metric.signed:
            self.fail(field, f"a value of zero or more ({metric.id} cannot be negative)", value)
