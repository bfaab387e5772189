"""Pages of one subject (a note, company, period, segment, source) reused from the last run when
nothing they read has changed, so that editing one note renders the pages that depend on it, not
the whole site.

Each such page gets a fingerprint of its inputs: the notes it reads from (each by the key of the
file it was loaded from, which stands for all its fields) and the few values derived across notes
that it shows (conflict numbers, implied values, period order). A fingerprint may name more than the
page shows, which costs a needless render, never a stale page. What every page reads (the
registries, this package's code, the libraries) is the cache's version: a change there renders every
page again. Index pages, the home page and the site-wide data files read the whole site and are always
rendered (they have no fingerprint); a feed reads only its latest notes.

A render names a page by its path (`PageInputs.of`): a path without a fingerprint here is rendered
every time, so a new kind of page is at worst not reused, never stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from research_digest.build.cache.store import DiskMemo, TextMemo, content_key
from research_digest.load.notes import Note
from research_digest.load.periods import Period
from research_digest.model.site import Implied, SeriesKey, Site
from research_digest.render.cells import row_places
from research_digest.render.data_files import company_files
from research_digest.render.feeds import feeds
from research_digest.render.paths import company_page, note_page, period_page, segment_page, source_page

if TYPE_CHECKING:  # chart_plan imports matplotlib, which a rebuild with nothing changed never needs
    from research_digest.render.chart_plan import PlannedChart

T = TypeVar("T")


class PageInputs:
    """Fingerprints of the pages of one model, each a digest of what the page reads."""

    def __init__(self, site: Site, charts: dict[str, list[PlannedChart]], note_key: Callable[[Note], bytes | None],
                 site_url: str | None = None):
        self.site, self.charts, self.note_key, self.site_url = site, charts, note_key, site_url

    def of(self, path: str) -> bytes | None:
        """The fingerprint of the page (or data file) at `path`; None for one rendered every time."""
        fingerprint = self._by_path.get(path)
        return fingerprint() if fingerprint else None

    @cached_property
    def _by_path(self) -> dict[str, Callable[[], bytes | None]]:
        site, registry = self.site, self.site.registry
        pages: dict[str, Callable[[], bytes | None]] = {note_page(note): partial(self.note, note)
                                                         for note in site.notes}
        pages.update({company_page(c.id): partial(self.company, c.id) for c in registry.companies})
        pages.update({company_files(c.id)[0]: partial(self.company_data, c.id) for c in registry.companies})
        pages.update({period_page(label): partial(self.period, label) for label in site.periods})
        pages.update({segment_page(s.id): partial(self.segment, s.id) for s in registry.segments})
        pages.update({source_page(s.id): partial(self.source, s.id) for s in registry.sources})
        pages.update({path: partial(self.feed, title, notes) for path, (title, notes) in feeds(site).items()})
        return pages

    # Indexes built once, so that a fingerprint costs what its page reads, not the whole site.
    @cached_property
    def stating(self) -> dict[str, dict[Path, Note]]:
        """Period -> the notes that state a figure for it, or an estimate of one."""
        stating: dict[str, dict[Path, Note]] = defaultdict(dict)
        for note in self.site.notes:
            for period in [*(figure.period for figure in note.figures), *(f.period for f in note.forecasts)]:
                stating[period.label][note.path] = note
        return stating

    @cached_property
    def implied(self) -> dict[str, list]:
        """Period -> its implied values, each with the note and figure it follows from."""
        implied: dict[str, list] = defaultdict(list)
        for key, cells in self.site.implied.items():
            for label, items in cells.items():
                implied[label].append((key, [self._implied(item) for item in items]))
        return implied

    @cached_property
    def conflicts(self) -> dict[tuple[str, str | None], list]:
        """("company" | "period" | "segment", id) -> the conflicts in its cells, by their anchors."""
        conflicts: dict[tuple[str, str | None], list] = defaultdict(list)
        site = self.site
        for conflict in site.checks.conflicts if site.checks else []:
            for key, label in dict.fromkeys(conflict.cells):
                for index in (("company", key.company), ("period", label), ("segment", key.segment)):
                    conflicts[index].append((conflict.anchor, key, label))
        return conflicts

    @cached_property
    def units(self) -> str:
        return repr(sorted(self.site.units.items()))

    def note(self, note: Note) -> bytes | None:
        if ".md" in note.body:  # links to notes by file name: resolved against every note's path
            return None
        path = note_page(note)
        # The page shows the company's chart by name only (its data is on the company page).
        charts = [(c.path, c.chart.title, c.chart.unit, c.marked) for c in self.charts.get(path, [])]
        return self._digest(path, self._notes([note, *self.site.neighbours(note)]), charts, self._rows(note))

    def _rows(self, note: Note) -> list[tuple[str, int]]:
        """The unit and precision of the company's row each figure is shown in, which other notes decide."""
        site = self.site
        rows = []
        for figure in note.figures:
            unit = site.units[(note.company, figure.metric)]
            rows.append((unit, row_places(site, SeriesKey.of(note, figure), unit)))
        return rows

    def company(self, company_id: str) -> bytes:
        """The company's notes decide its figures, implied values and units; its cells link to their
        conflicts, and periods are ordered by the site's period objects."""
        site, path = self.site, company_page(company_id)
        keys = site.company_series(company_id)
        return self._digest(path, self._notes(site.by_company.get(company_id, [])), self._periods(keys),
                            self.conflicts[("company", company_id)], self.charts.get(path, []))

    def company_data(self, company_id: str) -> bytes:
        """A company's rows in the data files: its notes, and the order of the periods implied."""
        return self._digest(self._notes(self.site.by_company.get(company_id, [])),
                            self._periods(self.site.company_series(company_id)))

    def period(self, label: str) -> bytes:
        """Its notes, and every company's figures for the period: stated, implied, their units."""
        site, path = self.site, period_page(label)
        return self._digest(path, site.periods[label], self._notes(site.by_period.get(label, [])),
                            self._notes(self.stating[label].values()), self.implied[label], self.units,
                            self.conflicts[("period", label)], self.charts.get(path, []))

    def segment(self, segment_id: str) -> bytes:
        """Its notes, and the tables of the companies with figures for it (decided by their notes)."""
        site, path = self.site, segment_page(segment_id)
        keys = site.segment_keys(segment_id)
        companies = list(dict.fromkeys(key.company for key in keys))
        return self._digest(path, self._notes(site.by_segment.get(segment_id, [])), companies,
                            [self._notes(site.by_company[company]) for company in companies], self._periods(keys),
                            self.conflicts[("segment", segment_id)], self.charts.get(path, []))

    def source(self, source_id: str) -> bytes:
        """A list of its notes, each a line, and their number of figures: editing a figure or a body
        leaves it as it was (a source such as a company's own releases lists hundreds of notes). A
        broker's ratings and targets are its notes' own; its accuracy reads each scored estimate's
        note and the actual it is compared with."""
        notes = self.site.by_source.get(source_id, [])
        estimates = self.site.estimates
        accuracy = estimates.accuracy.get(source_id) if estimates else None
        scored = [(self._lines([c.estimates[i].note, *([c.actual.note] if c.actual else [])]), c.values[i], c.unit,
                   c.actual.figure if c.actual else None) for c, i in (accuracy.scored if accuracy else ())]
        return self._digest(source_page(source_id), self._lines(notes), [len(note.figures) for note in notes],
                            [(note.rating, note.target_price) for note in notes], scored)

    def feed(self, title: str, notes: list[Note]) -> bytes:
        """A feed quotes its notes' fields and first paragraphs only, and links them from the site's address."""
        return self._digest(title, self._notes(notes), self.site_url)

    @staticmethod
    def _lines(notes: Iterable[Note]) -> list[tuple]:
        """What each note's line in a list shows (`pages.note_line`)."""
        return [(note_page(note), note.title, note.company, note.period.label, note.source, note.published)
                for note in notes]

    def _notes(self, notes: Iterable[Note | None]) -> list[bytes | None]:
        return [None if note is None else self.note_key(note) or content_key(repr(note).encode("utf-8"))
                for note in notes]

    def _periods(self, keys: list[SeriesKey]) -> list[Period]:
        """The periods of these series' tables, which are ordered by the site's period objects."""
        site = self.site
        labels = {label for key in keys for label in (*site.series[key], *site.implied.get(key, ()))}
        return [site.periods[label] for label in sorted(labels)]

    def _implied(self, item: Implied) -> tuple:
        # A figure's fields include its line, so equality finds the one figure of its note.
        return (item.period, item.value, item.unit, item.range, item.change, self._notes([item.origin.note]),
                item.origin.note.figures.index(item.origin.figure))

    @staticmethod
    def _digest(*parts: object) -> bytes:
        return content_key(repr(parts).encode("utf-8"))


@dataclass
class PageReuse:
    """What a render reuses (`research_digest.render.reuse.Reuse`): pages whose fingerprint is
    unchanged, and bodies by their text."""

    pages: DiskMemo
    inputs: PageInputs
    bodies: TextMemo
    reused: int = 0  # pages (and data files) taken from an earlier build, in this render

    def page(self, path: str, render: Callable[[], T]) -> T:
        inputs = self.inputs.of(path)
        if inputs is None:
            return render()
        key = content_key(path.encode("utf-8"), inputs)
        page = self.pages.get(key)
        if page is None:
            page = render()
            self.pages.put(key, page)
        else:
            self.reused += 1
        return page

    def body(self, markdown: str) -> str:
        return self.bodies(markdown)
