"""Where each generated page lives in the docs folder; every module links through these."""

from __future__ import annotations

from research_digest.load.notes import Note

HOME = "index.md"
CHECKS_PAGE = "checks.md"


def note_page(note: Note) -> str:
    return f"notes/{note.slug}.md"


def company_page(company: str) -> str:
    return f"companies/{company}.md"


def period_page(label: str) -> str:
    return f"periods/{label}.md"


def segment_page(segment: str) -> str:
    return f"segments/{segment}.md"


def source_page(source: str) -> str:
    return f"sources/{source}.md"
