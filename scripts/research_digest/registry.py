"""The registries: companies, segments, metrics and sources that notes refer to by id.

They live as YAML lists in `registry/`. Each entry can be found by its id, its names, tickers or
aliases (case-insensitive), so a note may say `3896.HK` or `金山云` and mean `kingsoft-cloud`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Iterator, TypeVar

from .problems import Problem, ProblemList
from .yamlsafe import load_yaml_nodes, node_line

METRIC_KINDS = ("amount", "ratio")
SOURCE_KINDS = ("broker", "company", "press", "other")


@dataclass(frozen=True)
class Company:
    id: str
    name_en: str
    name_zh: str
    tickers: dict[str, str]
    aliases: tuple[str, ...]
    fiscal_year_end: int
    segments: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_zh, *self.tickers.values(), *self.aliases)

    @property
    def display(self) -> str:
        return f"{self.name_en} {self.name_zh}"


@dataclass(frozen=True)
class Segment:
    id: str
    label_en: str
    label_zh: str
    aliases: tuple[str, ...] = ()

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
    kind: str  # "amount" or "ratio"
    aliases: tuple[str, ...] = ()
    signed: bool = False  # may be negative (profits, margins); revenue and shares may not
    margin_of: str | None = None  # a ratio that is this amount metric over revenue (gross-margin: gross-profit)
    balance: bool = False  # an amount at the period's end (cash), so quarters do not add up to a year

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label_en, self.label_zh, *self.aliases)

    @property
    def is_ratio(self) -> bool:
        return self.kind == "ratio"

    @property
    def display(self) -> str:
        return self.label_en if self.label_en == self.label_zh else f"{self.label_en} {self.label_zh}"


@dataclass(frozen=True)
class Source:
    id: str
    name_en: str
    name_zh: str
    kind: str = "other"

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
            self.by_name.setdefault(_fold(str(name)), entry.id)

    def resolve(self, name: str) -> str | None:
        """The id that `name` (an id, name, ticker or alias) stands for, or None."""
        return self.by_name.get(_fold(name))

    def suggest(self, name: str) -> str:
        """A hint naming the nearest known id, for an error message."""
        close = difflib.get_close_matches(_fold(name), list(self.by_name), n=1, cutoff=0.6)
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


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _str_list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


def load_registry(folder: Path, problems: ProblemList) -> Registry:
    """Read registry/*.yml; malformed entries are reported to `problems`."""
    registry = Registry(Table("company"), Table("segment"), Table("metric"), Table("source"))
    readers = {
        "companies.yml": (registry.companies, _company),
        "segments.yml": (registry.segments, _segment),
        "metrics.yml": (registry.metrics, _metric),
        "sources.yml": (registry.sources, _source),
    }
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
            if str(entry["id"]) in table:
                problems.add(Problem(path, line, where + ".id", "a unique id", f"'{entry['id']}' twice"))
                continue
            try:
                table.add(make(entry))
            except (KeyError, TypeError, ValueError) as error:
                problems.add(Problem(path, line, where, f"a complete {table.what} entry", f"{error}"))
    for company in registry.companies:
        for segment in company.segments:
            if segment not in registry.segments:
                problems.add(Problem(folder / "companies.yml", 1, f"{company.id}.segments",
                                     "segment ids from segments.yml", f"'{segment}'"))
    for metric in registry.metrics:
        if metric.margin_of and (metric.margin_of not in registry.metrics or not metric.is_ratio
                                 or registry.metrics[metric.margin_of].is_ratio):
            problems.add(Problem(folder / "metrics.yml", 1, f"{metric.id}.margin_of",
                                 "on a ratio, the id of an amount metric from metrics.yml", f"'{metric.margin_of}'"))
    return registry


def _company(e: dict) -> Company:
    fy_end = int(e.get("fiscal_year_end", 12))
    if fy_end not in (3, 6, 9, 12):
        raise ValueError(f"fiscal_year_end must be 3, 6, 9 or 12, found {fy_end}")
    return Company(
        id=str(e["id"]), name_en=str(e["name_en"]), name_zh=str(e["name_zh"]),
        tickers={str(k): str(v) for k, v in (e.get("tickers") or {}).items()},
        aliases=_str_list(e.get("aliases")), fiscal_year_end=fy_end,
        segments=_str_list(e.get("segments")),
    )


def _segment(e: dict) -> Segment:
    return Segment(str(e["id"]), str(e["label_en"]), str(e["label_zh"]), _str_list(e.get("aliases")))


def _metric(e: dict) -> Metric:
    if e["kind"] not in METRIC_KINDS:
        raise ValueError(f"kind must be one of {', '.join(METRIC_KINDS)}, found {e['kind']!r}")
    return Metric(str(e["id"]), str(e["label_en"]), str(e["label_zh"]), e["kind"],
                  _str_list(e.get("aliases")), bool(e.get("signed", False)),
                  str(e["margin_of"]) if e.get("margin_of") else None, bool(e.get("balance", False)))


def _source(e: dict) -> Source:
    kind = e.get("kind", "other")
    if kind not in SOURCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SOURCE_KINDS)}, found {kind!r}")
    return Source(str(e["id"]), str(e["name_en"]), str(e["name_zh"]), kind)
