"""A segment's page: who reports it, its revenue compared across companies, each company's figures, its notes.

A segment one company reports says so. A shared segment (registry/segments.yml `members`) groups
companies' own segments, or a company's whole revenue, that report the same business: its page sets
their revenue side by side, period by period, each figure linking to the note that states it.
"""

from __future__ import annotations

from research_digest.load.registry import Company, Segment
from research_digest.model.site import Site
from research_digest.render.cells import chart_blocks, conflicts_at, figure_cell, legend, note_line, row_places
from research_digest.render.chart_plan import SEGMENT_CHART_UNIT, PlannedChart
from research_digest.render.markup import (
    bilingual,
    bullets,
    front_matter,
    html_block,
    link,
    names,
    paragraph,
    strong,
    table,
    text,
)
from research_digest.render.paths import company_page, period_page, segment_page
from research_digest.render.search import NOT_INDEXED
from research_digest.render.subject_pages import company_table


def segment_markdown(site: Site, segment_id: str, charts: list[PlannedChart]) -> str:
    here = segment_page(segment_id)
    segment = site.registry.segments[segment_id]
    notes = site.by_segment.get(segment_id, [])
    out = [front_matter(title=f"{segment.label_en} {segment.label_zh}", search=NOT_INDEXED),
           f"# {bilingual(segment.label_en, segment.label_zh)}\n\n"]
    also = [f"{strong('Also called:')} {names(segment.aliases)}"] if segment.aliases else []
    out.append(paragraph(*also, *scope(site, segment, here)))
    if charts:
        out += ["## Charts\n\n", chart_blocks(charts, here)]
    companies = site.segment_companies(segment_id)
    if len(companies) >= 2:
        out += ["## Revenue compared\n\n", comparison(site, segment_id, here)]
    for company in [] if segment.is_group else companies:  # a shared segment's members have pages of their own
        keys = [key for key in site.segment_keys(segment_id) if key.company == company]
        entry = site.registry.companies[company]
        name = link(bilingual(entry.name_en, entry.name_zh), here, company_page(company))
        out += [f"## {name}\n\n", company_table(site, company, keys, here)]
    out.append("## Notes\n\n")
    out.append(bullets([note_line(site, note, here) for note in reversed(notes)]))
    if not notes:
        out.append("No notes yet.\n")
    return "".join(out)


def scope(site: Site, segment: Segment, here: str) -> list[str]:
    """Who reports the segment, as lines: a shared segment's members; else the companies that report it,
    and the shared segments it is compared in."""
    registry = site.registry
    if segment.is_group:
        parts = []
        for member in segment.members:
            company = link(text(registry.companies[member.company].name_en), here, company_page(member.company))
            part = (link(text(registry.segments[member.segment].label_en), here, segment_page(member.segment))
                    if member.segment else "its whole revenue")
            parts.append(f"{company}: {part}")
        return [f"{strong('Compares:')} " + " · ".join(parts)]
    reporters = [company for company in registry.companies if segment.id in company.segments]
    named = [link(text(company.name_en), here, company_page(company.id)) for company in reporters]
    line = f"Reported by {named[0]} only." if len(named) == 1 else \
        f"Reported by {', '.join(named[:-1])} and {named[-1]}." if named else "Reported by no company yet."
    groups = [group for group in registry.segments
              if any(member.segment == segment.id for member in group.members)]
    compared = [strong("Compared in:") + " " + ", ".join(link(text(group.display), here, segment_page(group.id))
                                                         for group in groups)] if groups else []
    return [line, *compared]


def short_name(company: Company) -> str:
    """The shortest of a company's English names, so that a column per company fits a phone's width."""
    english = [name for name in (company.name_en, *company.aliases) if name.isascii() and not name.isdigit()]
    return min(english, key=len)


def comparison(site: Site, segment_id: str, here: str) -> str:
    """Revenue by quarter, newest first, one column per company, all in one unit."""
    keys = [key for key in site.segment_keys(segment_id, "revenue") if key.basis == "reported"]
    labels = [label for label in site.period_order(
        {label for key in keys for label in (*site.series[key], *site.implied.get(key, ()))})
        if site.periods[label].kind == "Q"]
    places = [row_places(site, key, SEGMENT_CHART_UNIT) for key in keys]  # a company's column: one precision
    rows = [[link(label, here, period_page(label))]
            + [figure_cell(site, key, label, SEGMENT_CHART_UNIT, here, shown) for key, shown in zip(keys, places)]
            for label in reversed(labels)]
    companies = [site.registry.companies[key.company] for key in keys]
    header = ["Quarter"] + [link(text(short_name(company)), here, company_page(company.id), company.display)
                            for company in companies]
    implied = any(key in site.implied for key in keys)
    conflicts = any(conflicts_at(site, key, label) for key in keys for label in labels)
    definitions = any(key in site.breaks for key in keys)
    return (f"Revenue in {SEGMENT_CHART_UNIT}, newest quarter first; each figure links to the note that states it.\n\n"
            + html_block(f'<div class="rd-compare">\n{table(header, rows, ["left"] + ["right"] * len(keys))}</div>')
            + legend(here, implied, conflicts, definitions))
