"""A digest's text becomes a `Draft`: its header, its sections, a broker's view, then its figures fact by fact."""

from __future__ import annotations

from research_digest.authoring.importer.body import read_sections, sections_markdown
from research_digest.authoring.importer.draft import Checklist, Draft
from research_digest.authoring.importer.figures import FigureReader
from research_digest.authoring.importer.header import HeaderReader, split_header
from research_digest.authoring.importer.views import ViewReader
from research_digest.load.citations import body_markers
from research_digest.load.notes import NOTE_FIELDS
from research_digest.load.registry import Registry


def import_digest(text: str, registry: Registry) -> Draft:
    """A draft note from a digest's text; see the package docstring for what is read."""
    checklist = Checklist()
    lines = split_header(text)
    sections, body_unread = read_sections(lines.body, checklist)
    header = HeaderReader(registry, checklist).read(lines)
    front = header.front
    reader = FigureReader(registry, header.periods)
    view, reported = ViewReader(reader, header.periods).read(sections)
    figures, stray = reader.read(reported)
    metrics: list[dict] = []
    for figure in figures:
        index = len(metrics)
        metrics.append(figure.as_front(front["period"]))
        for name, reasons in figure.checks.items():
            where = f"metrics[{index}]" + (f".{name}" if name else "")
            for why in reasons:
                checklist.mark(where, why, figure.fact)
    for why, excerpt in stray:
        checklist.mark("metrics", why, excerpt)
    segments = list(dict.fromkeys(f.segment for f in figures if f.segment))
    if segments:
        front["segments"] = segments
    front |= view.front()
    front["metrics"] = metrics
    for where, why, excerpt in view.checks:
        checklist.mark(where, why, excerpt)
    source = registry.sources.entries.get(str(front.get("source")))
    if view.rating and source and view.rating["value"] not in source.rating_scale:
        checklist.mark("rating", f"'{view.rating['value']}' is not in {source.id}'s rating_scale "
                       "(registry/sources.yml): add it there, placed on the common scale", view.rating["value"])
    for line in lines.unread + body_unread:
        checklist.marks.setdefault("body", []).append(line)
        checklist.unsure.append(f"line not read: “{line}”")
    body = sections_markdown(sections, front["language"])
    markers = sorted({marker for _, marker in body_markers(body, 1)})
    if markers:
        # A digest numbers passages of the document it digests; the draft says so, for the contributor to
        # name each passage (and give its address when the document has one).
        front["references"] = [{"marker": marker, "text": f"passage [{marker}] of the document the digest summarises"}
                               for marker in markers]
        checklist.mark("references", "what each marker cites: name the passage, and add its url if it has one")
    return Draft({k: front[k] for k in NOTE_FIELDS if k in front}, body, checklist.unsure, checklist.marks)
