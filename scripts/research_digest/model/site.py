"""The model: validated notes indexed by company, period, segment and source, and their figures
gathered into series (company x metric x segment x basis) by period.

Everything a page shows is looked up here; pages never scan all notes themselves, so the cost of a
page does not grow with the size of the site.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

from research_digest.load.notes import Figure, Note
from research_digest.load.periods import Period
from research_digest.load.registry import Company, Registry
from research_digest.load.units import Range, convert

if TYPE_CHECKING:
    from research_digest.model.checks import Checks
    from research_digest.model.estimates import Estimates

T = TypeVar("T")
DEFAULT_NAME = "Research digest"  # a site's name where mkdocs.yml gives none (MkDocs itself requires one)


class PerCompany(Protocol):
    """How derive and checks compute a company's results, one company and stage ("derive",
    "checks") at a time: the build passes one that keeps them while the company's notes are unchanged."""

    def __call__(self, stage: str, company: str, compute: Callable[[], T]) -> T: ...


def each_time(stage: str, company: str, compute: Callable[[], T]) -> T:
    """Compute every company's results afresh."""
    return compute()


@dataclass(frozen=True)
class SeriesKey:
    company: str
    metric: str
    segment: str | None
    basis: str

    @classmethod
    def of(cls, note: Note, figure: Figure) -> SeriesKey:
        """The series a note's figure belongs to."""
        return cls(note.company, figure.metric, figure.segment, figure.basis)


@dataclass(frozen=True)
class Stated:
    """A figure as one note states it."""

    figure: Figure
    note: Note


@dataclass(frozen=True)
class Implied:
    """A value no note states, derived from another period's stated value and its stated change."""

    period: Period
    value: float  # in `unit`, rounded to the precision of the value it comes from
    places: int  # the decimals it is rounded to
    unit: str
    range: Range  # in `unit`: what the stated value and change allow, both being rounded
    change: str  # "yoy" or "qoq": the change of `origin` it comes from
    origin: Stated  # the stated figure (and its note) it is derived from


@dataclass
class Site:
    registry: Registry
    notes: list[Note]  # newest first
    by_company: dict[str, list[Note]] = field(default_factory=dict)  # each oldest period first
    by_period: dict[str, list[Note]] = field(default_factory=dict)
    by_segment: dict[str, list[Note]] = field(default_factory=dict)
    by_source: dict[str, list[Note]] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)  # every period label in use
    series: dict[SeriesKey, dict[str, list[Stated]]] = field(default_factory=dict)
    units: dict[tuple[str, str], str] = field(default_factory=dict)  # (company, metric) -> display unit
    by_company_series: dict[str, list[SeriesKey]] = field(default_factory=dict)  # in registry metric order
    siblings: dict[str, tuple[Note | None, Note | None]] = field(default_factory=dict)  # slug -> (previous, next)
    # Implied values, kept apart from `series` (stated only): for periods no note states a value for,
    # most precise first. Filled in by derive.add_implied; checks by checks.run_checks.
    implied: dict[SeriesKey, dict[str, list[Implied]]] = field(default_factory=dict)
    checks: Checks | None = None
    estimates: Estimates | None = None  # brokers' estimates against actuals, their views: estimates.gather
    # Per series, the figures that start a new definition (`definition: new`), oldest period first.
    breaks: dict[SeriesKey, list[Stated]] = field(default_factory=dict)
    note_by_path: dict[str, Note] = field(default_factory=dict)  # "notes/<company>/<file>.md" -> note
    name: str = DEFAULT_NAME  # what the site calls itself (mkdocs.yml's site_name)
    description: str = ""  # and what it says it is (site_description)
    groups_of: dict[str, list[str]] = field(default_factory=dict)  # note slug -> the shared segments it is in

    def period_order(self, labels) -> list[str]:
        return sorted(labels, key=lambda label: self.periods[label].sort_key)

    def companies_with_notes(self) -> list[Company]:
        """The registry's companies that have notes, in registry order."""
        return [company for company in self.registry.companies if company.id in self.by_company]

    def company_series(self, company: str) -> list[SeriesKey]:
        return self.by_company_series.get(company, [])

    def value(self, stated: Stated, unit: str) -> float | None:
        """The stated value in the company's display unit for the metric."""
        figure = stated.figure
        return None if figure.value is None else convert(figure.value, figure.unit, unit)

    def definition(self, stated: Stated) -> int:
        """Which definition of its series a stated figure is on: 0 before the series' first break, 1 from
        it on, and so on. A value implied from a figure is on that figure's definition."""
        starts = {s.figure.period.sort_key for s in self.breaks.get(SeriesKey.of(stated.note, stated.figure), ())}
        return sum(start <= stated.figure.period.sort_key for start in starts)

    def implied_figures(self) -> list[Implied]:
        """Every implied value in the model: for data files, each with its period, range and origin."""
        return [item for cells in self.implied.values() for items in cells.values() for item in items]

    def segment_keys(self, segment_id: str, metric: str | None = None) -> list[SeriesKey]:
        """The series a segment page shows, in registry order of companies: a shared segment's members
        (a company's segment, or its total), else every company's figures for the segment."""
        segment = self.registry.segments[segment_id]
        if segment.is_group:
            wanted = {(m.company, m.segment) for m in segment.members}
            keys = [key for company in self.registry.companies for key in self.company_series(company.id)
                    if (key.company, key.segment) in wanted and key.basis == "reported"]
        else:
            keys = [key for company in self.registry.companies for key in self.company_series(company.id)
                    if key.segment == segment_id]
        return [key for key in keys if metric is None or key.metric == metric]

    def segment_companies(self, segment_id: str) -> list[str]:
        """The companies a segment's figures come from, in registry order."""
        return list(dict.fromkeys(key.company for key in self.segment_keys(segment_id)))

    def neighbours(self, note: Note) -> tuple[Note | None, Note | None]:
        """The previous and next note on the same company, by period then publication."""
        return self.siblings[note.slug]


def note_order(note: Note) -> tuple:
    return (note.period.sort_key, note.published, note.source)


def note_segments(note: Note) -> list[str]:
    """The segments a note is about: those it names, then those its figures are for."""
    return list(dict.fromkeys([*note.segments, *(f.segment for f in note.figures if f.segment)]))


def build_site(registry: Registry, notes: list[Note], name: str = DEFAULT_NAME, description: str = "") -> Site:
    site = Site(registry, sorted(notes, key=lambda n: (n.published, n.slug), reverse=True),
                name=name, description=description)
    by_company, by_period = defaultdict(list), defaultdict(list)
    by_segment, by_source = defaultdict(list), defaultdict(list)
    series: dict[SeriesKey, dict[str, list[Stated]]] = defaultdict(lambda: defaultdict(list))
    units: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for note in sorted(notes, key=note_order):
        site.note_by_path[note.path.as_posix()] = note
        by_company[note.company].append(note)
        by_period[note.period.label].append(note)
        by_source[note.source].append(note)
        site.periods.setdefault(note.period.label, note.period)
        for figure in note.figures:
            key = SeriesKey.of(note, figure)
            series[key][figure.period.label].append(Stated(figure, note))
            if figure.new_definition:
                site.breaks.setdefault(key, []).append(Stated(figure, note))
            site.periods.setdefault(figure.period.label, figure.period)
            units[(note.company, figure.metric)][figure.unit] += 1
        for forecast in note.forecasts:  # a period that only has estimates still gets its page
            site.periods.setdefault(forecast.period.label, forecast.period)
        for segment in note_segments(note):
            by_segment[segment].append(note)
    for notes_on_company in by_company.values():
        padded = [None, *notes_on_company, None]
        for index, note in enumerate(notes_on_company, start=1):
            site.siblings[note.slug] = (padded[index - 1], padded[index + 1])
    groups = [segment for segment in registry.segments if segment.is_group]
    for note in sorted(notes, key=note_order) if groups else ():
        about = {(note.company, None), *((note.company, segment) for segment in note_segments(note))}
        for group in groups:
            if any((member.company, member.segment) in about for member in group.members):
                by_segment[group.id].append(note)
                site.groups_of.setdefault(note.slug, []).append(group.id)
    site.by_company, site.by_period = dict(by_company), dict(by_period)
    site.by_segment, site.by_source = dict(by_segment), dict(by_source)
    site.series = {key: dict(values) for key, values in series.items()}
    # One unit per row: the currency or noun most figures are in, at the registry's display scale
    site.units = {key: registry.metrics[key[1]].display_unit(counts.most_common(1)[0][0])
                  for key, counts in units.items()}
    for starts in site.breaks.values():
        starts.sort(key=lambda s: s.figure.period.sort_key)
    metric_order = {metric: index for index, metric in enumerate(registry.metrics.entries)}
    segment_order = {segment: index for index, segment in enumerate(registry.segments.entries)}

    def reading_order(key: SeriesKey) -> tuple:
        """Registry order: the total before its segments, reported before adjusted."""
        return (metric_order[key.metric], -1 if key.segment is None else segment_order[key.segment],
                key.basis != "reported")

    for key in sorted(site.series, key=reading_order):
        site.by_company_series.setdefault(key.company, []).append(key)
    return site
