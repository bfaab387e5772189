"""Where each generated page lives in the docs folder; every module links through these."""

from __future__ import annotations

import posixpath

from research_digest.load.notes import Note

HOME = "index.md"
CHECKS_PAGE = "checks.md"


def served_folder(page: str) -> str:
    """The folder a page is served from, with MkDocs' directory URLs ("companies/acme.md" at
    companies/acme/): what relative addresses in a page's raw HTML start from."""
    folder, name = posixpath.split(page)
    return folder if name == "index.md" else posixpath.join(folder, name.removesuffix(".md"))


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
