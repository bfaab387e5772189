"""One page per note, company, period, segment and source: its facts, figures, charts and notes."""

from __future__ import annotations

import calendar
import posixpath

from research_digest.load.notes import Figure, Note
from research_digest.model.site import SeriesKey, Site
from research_digest.render.body import render_body
from research_digest.render.browse import note_index_markup
from research_digest.render.cells import (
    chart_blocks,
    chart_references,
    conflicts_at,
    downloads,
    figure_cell,
    legend,
    metric_label,
    note_line,
)
from research_digest.render.chart_plan import PlannedChart
from research_digest.render.data_files import company_files
from research_digest.render.feeds import company_feed
from research_digest.render.markup import KIND_LABELS, LANGUAGE_LABELS, front_matter, link, table, text
from research_digest.render.paths import company_page, note_page, period_page, segment_page, source_page
from research_digest.render.reuse import FRESH, Reuse
from research_digest.render.search import UNINDEXED, search_terms
from research_digest.render.sources_list import sources_list

COMPARE_METRICS = [("revenue", "Revenue"), ("gross-margin", "Gross margin"), ("ebitda-margin", "EBITDA margin")]


def note_markdown(site: Site, note: Note, charts: list[PlannedChart], reuse: Reuse = FRESH) -> str:
    here = note_page(note)
    registry = site.registry
    company = registry.companies[note.company]
    source = registry.sources[note.source]
    facts = [
        f"**Company:** {link(text(company.display), here, company_page(company.id))}",
        f"**Period:** {link(note.period.label, here, period_page(note.period.label))}"
        + (f" ({text(note.period.fiscal_label)})" if note.period.fiscal_label != note.period.label else ""),
        f"**Source:** {link(text(source.display), here, source_page(source.id))}",
        f"**Published:** {note.published.display}",
        f"**Kind:** {KIND_LABELS[note.kind]} · {LANGUAGE_LABELS[note.language]}",
    ]
    if note.analysts:
        facts.append(f"**Analysts:** {text(', '.join(note.analysts))}")
    if note.segments:
        facts.append("**Segments:** " + ", ".join(
            link(text(registry.segments[s].display), here, segment_page(s)) for s in note.segments))
    if note.tags:
        facts.append(f"**Tags:** {text(', '.join(note.tags))}")
    if note.link:
        facts.append(f"**Original:** <{note.link}>")
    out = [front_matter(title=note.title, description=f"{company.name_en} {note.period.label}: {note.title}",
                        search={"exclude": True}),  # notes are searched through Pagefind (fulltext.py)
           f"# {text(note.title)}\n\n", "  \n".join(facts), "\n{: .note-facts }\n\n"]
    if note.figures:
        out += ["## Figures\n\n", '<div class="note-figures" markdown>\n\n', note_figures(site, note), "\n</div>\n\n"]
    if charts:
        out += [f"## Where {note.period.label} sits\n\n", chart_references(charts, here, company_page(company.id))]
    out += ["## Note\n\n", render_body(note.body, lambda href: body_link(site, note, href), reuse), "\n\n",
            sources_list(note)]
    previous, following = site.neighbours(note)
    nav = []
    if previous:
        nav.append(f"← Previous: {link(text(previous.title), here, note_page(previous))} ({previous.period.label})")
    if following:
        nav.append(f"Next: {link(text(following.title), here, note_page(following))} ({following.period.label}) →")
    if nav:
        out += ["---\n\n", "  \n".join(nav), "\n{: .note-neighbours }\n\n"]
    out.append(note_index_markup(site, note))
    return "".join(out)


def body_link(site: Site, note: Note, href: str) -> str | None:
    """The URL of the note a body links to by file name, relative to this note's page URL."""
    path, _, anchor = href.partition("#")
    target = site.note_by_path.get(posixpath.normpath(posixpath.join(note.path.parent.as_posix(), path)))
    if target is None:
        return None
    url = posixpath.relpath(f"notes/{target.slug}/", f"notes/{note.slug}/") + "/"  # directory URLs
    return url + (f"#{anchor}" if anchor else "")


def note_figures(site: Site, note: Note) -> str:
    rows = []
    for figure in note.figures:
        key = SeriesKey.of(note, figure)
        citation = f"[source]({figure.citation})" if figure.citation else ""
        rows.append([metric_label(site, key), figure.period.label, text(figure.shown_value()),
                     figure.unit, figure.yoy.format() if figure.yoy else "", figure.qoq.format() if figure.qoq else "",
                     text(figure_comment(figure)), citation])
    return table(["Metric", "Period", "Value", "Unit", "YoY", "QoQ", "Note", "Citation"], rows,
                 ["left", "left", "right", "left", "right", "right", "left", "left"])


def figure_comment(figure: Figure) -> str:
    """A figure's qualifier and, on the first figure of a new definition, what changed."""
    change = f"new definition: {figure.definition_note}" if figure.definition_note else "new definition"
    return "; ".join(part for part in (figure.note, change if figure.new_definition else "") if part)


def company_markdown(site: Site, company_id: str, charts: list[PlannedChart]) -> str:
    here = company_page(company_id)
    registry = site.registry
    company = registry.companies[company_id]
    notes = site.by_company.get(company_id, [])
    tickers = " · ".join(f"{text(exchange)}: **{text(ticker)}**" for exchange, ticker in company.tickers.items())
    terms = search_terms(company.name_en, company.name_zh, *company.tickers.values(), *company.aliases)
    out = [front_matter(title=f"{company.name_en} {company.name_zh}", search={"boost": 8}, tags=terms,
                        hide=["navigation", "toc"], feed=company_feed(company_id) if notes else None),
           f"# {text(company.name_en)} {text(company.name_zh)}\n\n",
           f"**Tickers:** {tickers}  \n",
           f"**Also known as:** {text(', '.join(company.aliases))}  \n" if company.aliases else "",
           f"**Fiscal year ends:** {calendar.month_name[company.fiscal_year_end]}  \n",
           "**Segments:** " + ", ".join(link(text(registry.segments[s].display), here, segment_page(s))
                                        for s in company.segments) + "\n\n",
           downloads(here, company_files(company_id), company_feed(company_id) if notes else None, "figures")]
    if charts:
        out += [f"## Charts{UNINDEXED}\n\n", chart_blocks(charts, here)]
    keys = site.company_series(company_id)
    if keys:
        out += [f"## Figures by period{UNINDEXED}\n\n", company_table(site, company_id, keys, here), "\n"]
    out.append(f"## Notes{UNINDEXED}\n\n")
    out += [note_line(site, note, here, with_company=False) + "\n" for note in reversed(notes)]
    if not notes:
        out.append("No notes yet.\n")
    return "".join(out)


def company_table(site: Site, company_id: str, keys: list[SeriesKey], here: str) -> str:
    labels = site.period_order({label for key in keys for label in (*site.series[key], *site.implied.get(key, ()))})
    rows = []
    for key in keys:
        unit = site.units[(company_id, key.metric)]
        rows.append([metric_label(site, key), unit] + [figure_cell(site, key, label, unit, here) for label in labels])
    implied = any(key in site.implied for key in keys)
    conflicts = any(conflicts_at(site, key, label) for key in keys for label in labels)
    definitions = any(key in site.breaks for key in keys)
    return table(["Metric", "Unit"] + [link(label, here, period_page(label)) for label in labels], rows,
                 ["left", "left"] + ["right"] * len(labels)) + legend(here, implied, conflicts, definitions)


def period_markdown(site: Site, label: str, charts: list[PlannedChart]) -> str:
    here = period_page(label)
    period = site.periods[label]
    notes = site.by_period.get(label, [])
    out = [front_matter(title=f"Period {label}", hide=["navigation", "toc"]), f"# {label}\n\n",
           f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}.\n\n"]
    comparison = period_comparison(site, label, here)
    if comparison:
        out += [f"## Companies compared{UNINDEXED}\n\n", chart_blocks(charts, here), comparison, "\n"]
    out.append(f"## Notes{UNINDEXED}\n\n")
    out += [note_line(site, note, here) + "\n" for note in notes]
    if not notes:
        out.append("No note is about this period; figures for it are stated in notes on other periods.\n")
    return "".join(out)


def headline(site: Site, company: str, metric: str, label: str) -> SeriesKey | None:
    """The series a comparison shows for a company: the total if stated, else the first segment's;
    failing those, one with an implied value."""
    candidates = [key for key in site.company_series(company) if key.metric == metric
                  and (label in site.series[key] or label in site.implied.get(key, {}))]
    candidates.sort(key=lambda k: (label not in site.series[k], k.segment is not None, k.basis != "reported"))
    return candidates[0] if candidates else None


def period_comparison(site: Site, label: str, here: str) -> str:
    rows = []
    for company in site.registry.companies:
        keys = {metric: headline(site, company.id, metric, label) for metric, _ in COMPARE_METRICS}
        if not any(keys.values()):
            continue
        revenue = keys["revenue"]
        row = [link(text(company.name_en), here, company_page(company.id))]
        if revenue:
            unit = site.units[(company.id, "revenue")]
            first = site.series[revenue].get(label, [None])[0]
            changes = [getattr(first.figure, name) if first else None for name in ("yoy", "qoq")]
            row += [figure_cell(site, revenue, label, unit, here) + f" {unit}",
                    *(change.format() if change else "" for change in changes)]
        else:
            row += ["", "", ""]
        for metric, _ in COMPARE_METRICS[1:]:
            margin = keys[metric]
            row.append(figure_cell(site, margin, label, "%", here) + " %" if margin else "")
        rows.append(row)
    return table(["Company", "Revenue", "YoY", "QoQ"] + [name for _, name in COMPARE_METRICS[1:]], rows,
                 ["left", "right", "right", "right", "right", "right"])


def source_markdown(site: Site, source_id: str) -> str:
    here = source_page(source_id)
    source = site.registry.sources[source_id]
    notes = site.by_source.get(source_id, [])
    figures = sum(len(note.figures) for note in notes)
    out = [front_matter(title=source.display), f"# {text(source.name_en)} {text(source.name_zh)}\n\n",
           f"{len(notes)} notes stating {figures} figures.\n\n", f"## Notes{UNINDEXED}\n\n"]
    out += [note_line(site, note, here) + "\n" for note in reversed(notes)]
    return "".join(out)
