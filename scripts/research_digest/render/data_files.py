"""Data downloads: every figure as CSV and JSON, per company and for the whole dataset.

One row per figure, each with the note that states it and that note's source, so a reader can check
any number against its origin. The `kind` column says whether a note states the figure ("stated") or
the build derives it from stated ones ("implied"). A value keeps the precision it was written with
(`value_decimals`: 1.410 has 3) and its qualifier (`value_qualifier`: ">" for a value stated as ">20");
`definition` is "new" on the first figure of a new definition, whose `definition_note` says what changed.
A broker's view is marked as such: each forecast is a row of kind "estimate" (with the broker's
`previous` estimate, when given); a target price is an "estimate" of metric `target-price` in a per-share
unit (HKD/share); a rating is a row of kind "rating", as written (`rating`) and on the common scale
(`rating_step`), without a value.
Text cells that a spreadsheet would run as a formula are prefixed with an apostrophe: front matter
comes from many hands.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from research_digest.load.notes import Change, Figure, Note
from research_digest.model.site import Implied, Site
from research_digest.render.markup import CHANGE_LABELS
from research_digest.render.reuse import FRESH, Reuse

DATA_DIR = "data"
ALL = "figures"  # data/figures.csv and data/figures.json: the whole dataset
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    company: str
    metric: str
    segment: str
    basis: str
    period: str
    value: float | None
    value_decimals: int | None  # as written (stated) or rounded to (implied): 1.410 has 3
    value_qualifier: str  # "", a bound (">", ">=", "<", "<=") or "~" (approximate)
    unit: str
    value_low: float | None  # implied values: the range the rounded stated figures allow
    value_high: float | None
    yoy: float | None
    yoy_decimals: int | None
    yoy_unit: str
    yoy_qualifier: str
    qoq: float | None
    qoq_decimals: int | None
    qoq_unit: str
    qoq_qualifier: str
    kind: str  # "stated" or "implied"
    definition: str  # "new" on the first figure of a new definition
    definition_note: str
    note_title: str
    note_url: str  # the note's page, relative to the site root
    note_file: str  # the note's file in the repository
    source: str
    source_name: str
    published: str
    citation: str
    comment: str
    previous: float | None = None  # estimates: the broker's earlier value, as the note gives it
    rating: str = ""  # ratings: as the broker writes it
    rating_step: str = ""  # ratings: on the common scale (buy, outperform, hold, underperform, sell)


COLUMNS = [f.name for f in fields(Row)]
_TEXT_COLUMNS = {f.name for f in fields(Row) if f.type in ("str", str)}


def company_files(company_id: str) -> tuple[str, str]:
    """The CSV and JSON paths of a company's figures, in the generated docs folder."""
    return f"{DATA_DIR}/{company_id}.csv", f"{DATA_DIR}/{company_id}.json"


def all_files() -> tuple[str, str]:
    return f"{DATA_DIR}/{ALL}.csv", f"{DATA_DIR}/{ALL}.json"


def data_files(site: Site, reuse: Reuse = FRESH) -> dict[str, bytes]:
    """Every data file, path -> content. A company's rows, serialised, may be reused (`reuse`, under
    the path of its CSV file) while its notes are unchanged; the files of all figures are put together
    from them."""
    files: dict[str, bytes] = {}
    everything_csv, everything_json = [], []
    for company in site.registry.companies:
        csv_path, json_path = company_files(company.id)
        rows_csv, rows_json = reuse.page(csv_path, lambda: serialised(list(company_rows(site, company.id))))
        everything_csv.append(rows_csv)
        everything_json += [rows_json] if rows_json else []
        files[csv_path] = (_HEADER + rows_csv).encode("utf-8")
        details = {"id": company.id, "name_en": company.name_en, "name_zh": company.name_zh, "tickers": company.tickers}
        files[json_path] = f'{{"company":{_json(details)},"figures":[{rows_json}]}}'.encode()
    csv_path, json_path = all_files()
    files[csv_path] = (_HEADER + "".join(everything_csv)).encode("utf-8")
    files[json_path] = f'{{"figures":[{",".join(everything_json)}]}}'.encode()
    return files


def company_rows(site: Site, company_id: str) -> Iterator[Row]:
    """A company's figures: as each note states them, note by note in period order; then the
    implied ones, series by series in period order."""
    for note in site.by_company.get(company_id, []):
        for figure in note.figures:
            yield stated_row(site, note, figure)
        yield from view_rows(site, note)
    for key in site.company_series(company_id):
        cells = site.implied.get(key, {})
        for label in site.period_order(cells):
            for item in cells[label]:
                yield implied_row(site, item)


def stated_row(site: Site, note: Note, figure: Figure) -> Row:
    yoy, yoy_decimals, yoy_unit, yoy_qualifier = _change(figure.yoy)
    qoq, qoq_decimals, qoq_unit, qoq_qualifier = _change(figure.qoq)
    return Row(
        company=note.company, metric=figure.metric, segment=figure.segment or "", basis=figure.basis,
        period=figure.period.label, value=figure.value,
        value_decimals=None if figure.value is None else figure.value_places, value_qualifier=figure.value_qualifier,
        unit=figure.unit, value_low=None, value_high=None,
        yoy=yoy, yoy_decimals=yoy_decimals, yoy_unit=yoy_unit, yoy_qualifier=yoy_qualifier,
        qoq=qoq, qoq_decimals=qoq_decimals, qoq_unit=qoq_unit, qoq_qualifier=qoq_qualifier, kind="stated",
        definition="new" if figure.new_definition else "", definition_note=figure.definition_note,
        note_title=note.title, note_url=f"notes/{note.slug}/", note_file=note.path.as_posix(),
        source=note.source, source_name=site.registry.sources[note.source].name_en,
        published=note.published.isoformat(), citation=figure.citation, comment=figure.note,
    )


def implied_row(site: Site, item: Implied) -> Row:
    """An implied value, traced to the note that states the figure and change it follows from."""
    origin = item.origin.figure
    change = getattr(origin, item.change)
    return replace(
        stated_row(site, item.origin.note, origin),
        period=item.period.label, value=item.value, value_decimals=item.places, value_qualifier="", unit=item.unit,
        value_low=item.range.low, value_high=item.range.high, yoy=None, yoy_decimals=None, yoy_unit="",
        yoy_qualifier="", qoq=None, qoq_decimals=None, qoq_unit="", qoq_qualifier="", kind="implied",
        definition="", definition_note="",
        comment=(f"implied by the {origin.period.label} value and its {CHANGE_LABELS[item.change]} change "
                 f"({change.format()})"),
    )


def view_rows(site: Site, note: Note) -> Iterator[Row]:
    """A note's rating, target price and forecasts, marked as a broker's view (kind "rating" or "estimate")."""
    blank = Row(company=note.company, metric="", segment="", basis="", period=note.period.label, value=None,
                value_decimals=None, value_qualifier="", unit="", value_low=None, value_high=None, yoy=None,
                yoy_decimals=None, yoy_unit="", yoy_qualifier="", qoq=None, qoq_decimals=None, qoq_unit="",
                qoq_qualifier="", kind="estimate", definition="", definition_note="", note_title=note.title,
                note_url=f"notes/{note.slug}/", note_file=note.path.as_posix(), source=note.source,
                source_name=site.registry.sources[note.source].name_en, published=note.published.isoformat(),
                citation=note.link, comment="")
    if note.rating:
        rating = note.rating
        yield replace(blank, metric="rating", kind="rating", rating=rating.value, rating_step=rating.step,
                      comment=rating.action + (f" from {rating.previous}" if rating.previous else ""))
    if note.target_price:
        target = note.target_price
        yield replace(blank, metric="target-price", value=target.value, value_decimals=target.places, unit=target.unit,
                      previous=target.previous, comment=target.action)
    for forecast in note.forecasts:
        yield replace(blank, metric=forecast.metric, segment=forecast.segment or "", basis=forecast.basis,
                      period=forecast.period.label, value=forecast.value, value_decimals=forecast.value_places,
                      unit=forecast.unit, previous=forecast.previous, citation=forecast.citation)


def _change(change: Change | None) -> tuple[float | None, int | None, str, str]:
    return (change.value, change.places, change.unit, change.qualifier) if change else (None, None, "", "")


def serialised(rows: list[Row]) -> tuple[str, str]:
    """Rows as CSV lines (without the header) and as JSON objects joined by commas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(name, value) for name, value in vars(row).items()])
    return out.getvalue(), ",".join(map(_json, rows))


def _cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if column in _TEXT_COLUMNS:
        text = str(value)
        return "'" + text if text.startswith(_FORMULA_START) else text
    return repr(value) if isinstance(value, float) else str(value)  # repr: the shortest exact form


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=vars)


_HEADER = ",".join(COLUMNS) + "\n"
