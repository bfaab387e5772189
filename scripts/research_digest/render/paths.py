"""Where each generated page lives in the docs folder, and the URL a link from one page to another
takes in the built site; every module links through these."""

from __future__ import annotations

import functools
import posixpath

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


@functools.lru_cache(maxsize=65536)  # pages link to the same few targets from the same few folders
def relative_url(from_page: str, target: str) -> str:
    """The URL of `target` (a page or file in the docs folder, optionally with `#anchor`, or an
    absolute URL) as the built page of `from_page` links to it.

    Pages reach MkDocs as HTML, whose links MkDocs does not rewrite, so this gives the final URL:
    MkDocs' directory URLs (`use_directory_urls: true`, which the plugin requires), where
    `companies/acme.md` is served as `companies/acme/` and `companies/index.md` as `companies/`."""
    if "://" in target or target.startswith("mailto:"):
        return target
    path, hash_mark, anchor = target.partition("#")
    here, there = _served_at(from_page), _served_at(path)
    url = posixpath.relpath(there or ".", here or ".")
    if there.endswith("/") or not there:
        url = "./" if url == "." else url + "/"
    return url + hash_mark + anchor


def _served_at(path: str) -> str:
    """The URL path (from the site's root) a file of the docs folder is served at."""
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"
