"""The registries: companies, segments, metrics and sources that notes refer to by id.

They live as YAML lists in `registry/`. Each entry can be found by its id, its names, tickers or
aliases (case-insensitive), so a note may say `3896.HK` or `金山云` and mean `kingsoft-cloud`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from research_digest.load.periods import FY_END_MONTHS
from research_digest.load.problems import Problem, ProblemList
from research_digest.load.units import AMOUNT_SCALES, COUNT_SCALES, KINDS, SI_PREFIXES, SI_UNITS, unit_of
from research_digest.load.yamlsafe import child, load_yaml_nodes, node_line

METRIC_KINDS = KINDS
SOURCE_KINDS = ("broker", "company", "press", "other")
RATINGS = ("buy", "outperform", "hold", "underperform", "sell")  # the common scale brokers' ratings map to, best first
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID_LENGTH = 64
HOST_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+")
RESERVED_IDS = frozenset({"index", "con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))})


@dataclass(frozen=True)
class Company:
    id: str
    name_en: str
    name_zh: str
    tickers: dict[str, str]
    aliases: tuple[str, ...]
    fiscal_year_end: int
    segments: tuple[str, ...]
    domains: tuple[str, ...] = ()  # hosts of its own investor-relations site, e.g. ir.ksyun.com

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_zh, *self.tickers.values(), *self.aliases)

    @property
    def display(self) -> str:
        return f"{self.name_en} {self.name_zh}"


@dataclass(frozen=True)
class Member:
    """What a shared segment groups of one company: one of its own segments, or (None) its whole revenue."""

    company: str
    segment: str | None


@dataclass(frozen=True)
class Segment:
    id: str
    label_en: str
    label_zh: str
    aliases: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()  # a shared segment: companies' own segments compared side by side

    @property
    def is_group(self) -> bool:
        return bool(self.members)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label_en, self.label_zh, *self.aliases)

    @property
    def display(self) -> str:
        return f"{self.label_en} {self.label_zh}"


@dataclass(frozen=True)
class Metric:
    id: str
    label_en: str
    label_zh: str
    kind: str  # amount, ratio, per_share or count (load.units.KINDS)
    aliases: tuple[str, ...] = ()
    signed: bool = False  # may be negative (profits, margins); revenue and shares may not
    margin_of: str | None = None  # a ratio that is this amount metric over revenue (gross-margin: gross-profit)
    balance: bool = False  # an amount at the period's end (cash), so quarters do not add up to a year
    unit: str = ""  # a count's noun or unit as registered (vehicles, MW); empty for the other kinds
    scale: str = ""  # the scale tables show it in (mn, thousand, G for GW); empty: as most notes write it

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label_en, self.label_zh, *self.aliases)

    @property
    def is_ratio(self) -> bool:
        return self.kind == "ratio"

    @property
    def display(self) -> str:
        return self.label_en if self.label_en == self.label_zh else f"{self.label_en} {self.label_zh}"

    def display_unit(self, written: str) -> str:
        """The unit tables show this metric in, for a series most of whose figures are `written` in
        it: the same currency or noun, at the registry's display scale when it gives one."""
        return unit_of(written).scaled(self.scale).text if self.scale else written


@dataclass(frozen=True)
class Source:
    id: str
    name_en: str
    name_zh: str
    kind: str = "other"
    domains: tuple[str, ...] = ()  # hosts where it publishes; none when its documents appear anywhere
    rating_scale: dict[str, str] = field(default_factory=dict)  # a broker's rating words -> RATINGS

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_zh)

    @property
    def display(self) -> str:
        return f"{self.name_en} {self.name_zh}"


E = TypeVar("E", Company, Segment, Metric, Source)


@dataclass
class Table(Generic[E]):
    """One registry: entries by id, and a lookup by any name."""

    what: str  # "company", "segment", ... for messages
    entries: dict[str, E] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def add(self, entry: E) -> None:
        self.entries[entry.id] = entry
        for name in (entry.id, *entry.names):
            self.by_name.setdefault(fold_name(str(name)), entry.id)

    def resolve(self, name: str) -> str | None:
        """The id that `name` (an id, name, ticker or alias) stands for, or None."""
        return self.by_name.get(fold_name(name))

    def suggest(self, name: str) -> str:
        """A hint naming the nearest known id, for an error message."""
        close = difflib.get_close_matches(fold_name(name), list(self.by_name), n=1, cutoff=0.6)
        if close:
            return f"did you mean '{self.by_name[close[0]]}'?"
        return f"known {self.what} ids: {', '.join(sorted(self.entries))}"

    def __getitem__(self, id_: str) -> E:
        return self.entries[id_]

    def __contains__(self, id_: object) -> bool:
        return id_ in self.entries

    def __iter__(self) -> Iterator[E]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)


@dataclass
class Registry:
    companies: Table[Company]
    segments: Table[Segment]
    metrics: Table[Metric]
    sources: Table[Source]


def fold_name(name: str) -> str:
    """A name as lookups compare it: case and runs of spaces make no difference."""
    return " ".join(name.casefold().split())


class EntryError(ValueError):
    """A registry entry's field that is missing or malformed."""

    def __init__(self, field: str, expected: str, found: str):
        super().__init__(found)
        self.field, self.expected, self.found = field, expected, found


def id_problem(value: object) -> str | None:
    """What is wrong with an id, or None. Ids become folder and file names of the site, so they are
    kept to a safe alphabet (no '/', '.', spaces or capitals) and avoid names a file system or the
    site's own index pages reserve."""
    text = str(value)
    if not ID_PATTERN.fullmatch(text) or len(text) > MAX_ID_LENGTH:
        return f"an id of lowercase letters, digits and single hyphens, at most {MAX_ID_LENGTH} long (like acme-cloud)"
    if text in RESERVED_IDS:
        return "an id that is not a reserved name (index, or a device name such as con, nul, com1)"
    return None


def _text(e: dict, key: str) -> str:
    value = e.get(key)
    if value is None or isinstance(value, (dict, list)) or not str(value).strip():
        raise EntryError(key, f"text for the required field '{key}'", "nothing" if value is None else repr(value))
    return str(value).strip()


def _str_list(e: dict, key: str) -> tuple[str, ...]:
    value = e.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if any(isinstance(v, (dict, list)) or v is None for v in items):
        raise EntryError(key, "a list of words, like [a, b]", repr(value))
    if any(isinstance(v, (int, float)) for v in items):  # YAML reads 0700 as the number 448
        raise EntryError(key, 'words; a number in quotes, like "0700"', repr(value))
    return tuple(str(v) for v in items)


def _domains(e: dict) -> tuple[str, ...]:
    """Host names, lowercased: what a citation's host is compared with."""
    value = e.get("domains")
    if value is None:
        return ()
    expected = "a list of host names without https:// or a path, like [ir.ksyun.com]"
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, str) or not HOST_NAME.fullmatch(item.strip().lower()):
            raise EntryError("domains", expected, repr(item))
    return tuple(item.strip().lower() for item in items)


C = TypeVar("C")


def _choice(e: dict, key: str, allowed: tuple[C, ...], default: C | None) -> C:
    value = e.get(key, default)
    if value not in allowed:
        raise EntryError(key, f"one of {', '.join(map(str, allowed))}", repr(value))
    return value


def load_registry(folder: Path, problems: ProblemList) -> Registry:
    """Read registry/*.yml; malformed entries are reported to `problems`."""
    registry = Registry(Table("company"), Table("segment"), Table("metric"), Table("source"))
    readers: dict[str, tuple[Table[Any], Callable[[dict], Any]]] = {
        "companies.yml": (registry.companies, _company),
        "segments.yml": (registry.segments, _segment),
        "metrics.yml": (registry.metrics, _metric),
        "sources.yml": (registry.sources, _source),
    }
    lines: dict[tuple[str, str], int] = {}  # (file, id) -> the line of its members or segments, for messages
    for filename, (table, make) in readers.items():
        path = folder / filename
        data = load_yaml_nodes(path, problems)
        if data is None:
            continue
        entries, nodes = data
        if not isinstance(entries, list):
            problems.add(Problem(path, 1, "", "a YAML list of entries", type(entries).__name__))
            continue
        for index, (entry, node) in enumerate(zip(entries, nodes.value)):
            line = node_line(node)
            where = f"[{index}]"
            if not isinstance(entry, dict) or not entry.get("id"):
                problems.add(Problem(path, line, where + ".id", "an entry with an id", repr(entry)))
                continue
            wrong_id = id_problem(entry["id"])
            if wrong_id:
                problems.add(Problem(path, node_line(child(node, "id")), where + ".id", wrong_id, repr(entry["id"])))
                continue
            if str(entry["id"]) in table:
                problems.add(Problem(path, line, where + ".id", "a unique id", f"'{entry['id']}' twice"))
                continue
            lines[(filename, str(entry["id"]))] = node_line(child(node, "members") or child(node, "segments") or node)
            try:
                table.add(make(entry))
            except EntryError as error:
                problems.add(Problem(path, node_line(child(node, error.field) or node), f"{where}.{error.field}",
                                     error.expected, error.found))
    for company in registry.companies:
        for segment in company.segments:
            if segment not in registry.segments:
                problems.add(Problem(folder / "companies.yml", 1, f"{company.id}.segments",
                                     "segment ids from segments.yml", f"'{segment}'"))
    for problem in _member_problems(registry, folder, lines):
        problems.add(problem)
    for metric in registry.metrics:
        if metric.margin_of and (metric.margin_of not in registry.metrics or not metric.is_ratio
                                 or registry.metrics[metric.margin_of].is_ratio):
            problems.add(Problem(folder / "metrics.yml", 1, f"{metric.id}.margin_of",
                                 "on a ratio, the id of an amount metric from metrics.yml", f"'{metric.margin_of}'"))
    return registry


def _company(e: dict) -> Company:
    tickers = e.get("tickers") or {}
    if not isinstance(tickers, dict) or any(isinstance(v, (dict, list)) for v in tickers.values()):
        raise EntryError("tickers", "exchanges and tickers, like {HKEX: 3896.HK}", repr(tickers))
    return Company(
        id=str(e["id"]), name_en=_text(e, "name_en"), name_zh=_text(e, "name_zh"),
        tickers={str(k): str(v) for k, v in tickers.items()},
        aliases=_str_list(e, "aliases"), fiscal_year_end=_choice(e, "fiscal_year_end", FY_END_MONTHS, 12),
        segments=_str_list(e, "segments"), domains=_domains(e),
    )


def _segment(e: dict) -> Segment:
    return Segment(str(e["id"]), _text(e, "label_en"), _text(e, "label_zh"), _str_list(e, "aliases"), _members(e))


def _members(e: dict) -> tuple[Member, ...]:
    value = e.get("members")
    if value is None:
        return ()
    expected = "a list of {company: id, segment: id}, or {company: id} alone for its whole revenue"
    if not isinstance(value, list) or not value:
        raise EntryError("members", expected, repr(value))
    members = []
    for item in value:
        well_formed = isinstance(item, dict) and not set(item) - {"company", "segment"} \
            and isinstance(item.get("company"), str) and isinstance(item.get("segment", ""), str)
        if not well_formed:
            raise EntryError("members", expected, repr(item))
        members.append(Member(item["company"], item.get("segment")))
    return tuple(members)


def _member_problems(registry: Registry, folder: Path, lines: dict[tuple[str, str], int]) -> list[Problem]:
    """A shared segment groups known companies' own segments; no company reports it as its own."""
    problems = []
    for group in (segment for segment in registry.segments if segment.is_group):
        path, line, where = folder / "segments.yml", lines[("segments.yml", group.id)], f"{group.id}.members"
        for member in group.members:
            company = registry.companies.entries.get(member.company)
            if company is None:
                problems.append(Problem(path, line, where, "company ids from companies.yml", f"'{member.company}'"))
            elif member.segment is not None and member.segment not in company.segments:
                problems.append(Problem(path, line, where, f"segments of {company.id} ({', '.join(company.segments)})",
                                        f"'{member.segment}'"))
        for company in registry.companies:
            if group.id in company.segments:
                problems.append(Problem(folder / "companies.yml", lines[("companies.yml", company.id)],
                                        f"{company.id}.segments",
                                        f"the company's own segments ({group.id} groups other segments)",
                                        f"'{group.id}'"))
    return problems


def _metric(e: dict) -> Metric:
    margin_of = e.get("margin_of")
    if isinstance(margin_of, (dict, list)):
        raise EntryError("margin_of", "a metric id", repr(margin_of))
    kind = _choice(e, "kind", METRIC_KINDS, None)
    unit = _count_unit(e) if kind == "count" else ""
    if kind != "count" and e.get("unit") is not None:
        raise EntryError("unit", "no unit: only a count names its unit (notes give the others' units)",
                         repr(e["unit"]))
    return Metric(str(e["id"]), _text(e, "label_en"), _text(e, "label_zh"), kind,
                  _str_list(e, "aliases"), _choice(e, "signed", (False, True), False),
                  str(margin_of) if margin_of else None, _choice(e, "balance", (False, True), False),
                  unit, _scale(e, kind, unit))


def _count_unit(e: dict) -> str:
    """A count's noun (vehicles, customers) or unit of power or energy (MW, GWh), as its base."""
    value = e.get("unit")
    if not isinstance(value, str) or not value.strip() or not re.fullmatch(r"[^\d\s][^\d]*", value.strip()):
        raise EntryError("unit", "on a count, what it counts: a plural noun (vehicles, customers) or MW, GWh",
                         "nothing" if value is None else repr(value))
    found = unit_of(" ".join(value.split()))
    if found.scale and found.base not in SI_UNITS:
        raise EntryError("unit", f"the noun alone ('{found.base}'), with the scale in 'scale'", repr(value))
    return found.text


def _scale(e: dict, kind: str, unit: str) -> str:
    """The display scale: mn or bn for an amount; thousand, mn or bn for a count (an SI prefix for W, Wh)."""
    value = e.get("scale")
    if value is None:
        return ""
    options: tuple[str, ...] = ()
    if kind == "amount":
        options = tuple(AMOUNT_SCALES)
    elif kind == "count":
        options = tuple(SI_PREFIXES) if unit_of(unit).base in SI_UNITS else tuple(COUNT_SCALES)
    if str(value) not in options:
        found = repr(value)
        if not options:
            raise EntryError("scale", f"no scale: a {kind} metric is shown as written", found)
        raise EntryError("scale", "one of " + ", ".join(f"'{o}'" for o in options), found)
    return str(value)



def _source(e: dict) -> Source:
    return Source(str(e["id"]), _text(e, "name_en"), _text(e, "name_zh"), _choice(e, "kind", SOURCE_KINDS, "other"),
                  _domains(e), _rating_scale(e))


def _rating_scale(e: dict) -> dict[str, str]:
    """A broker's rating words, each mapped to a step of the common scale."""
    value = e.get("rating_scale")
    if value is None:
        return {}
    expected = f"its rating words, each mapped to one of {', '.join(RATINGS)}, like {{买入: buy, 增持: outperform}}"
    if not isinstance(value, dict) or not value:
        raise EntryError("rating_scale", expected, repr(value))
    for word, step in value.items():
        if step not in RATINGS:
            raise EntryError("rating_scale", expected, f"{word}: {step!r}")
    return {" ".join(str(word).split()): step for word, step in value.items()}
