"""Provenance: can a reader follow each figure to a page that stays as it was, published after the facts?

Four rules, each a warning (an error under `--strict`); the writing guide says how to fix each.

- A citation (a figure's `citation`, or the note's `link`) off the production site: a host with a
  subdomain label such as `staging` or `dev` (NON_PRODUCTION_LABELS), or one not on the public web
  (localhost, a loopback or private address, a name under .localhost, .local, .test or .internal).
- A citation that is a listing, whose content moves as items are added: a page number in the query
  (PAGE_PARAMETERS, like `page=26`) or the path (`/page/2`), or a tag, category, topic, search or
  list segment in the path (LISTING_SEGMENTS, like `/tags/`).
- A note published on or before the last day of its period: results come out after the period ends,
  so only a note whose kind is a preview may come earlier.
- Where the note's source lists its `domains` (registry/sources.yml), a citation on any other host.
  The company's own `domains` (registry/companies.yml, its investor-relations site) count too: a
  broker's note may cite the company's release.

A figure citing the note's link is reported once, at the link.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from research_digest.load.problems import Problem
from research_digest.load.registry import Registry

if TYPE_CHECKING:  # notes.py calls this module on each note it validates
    from research_digest.load.notes import Note

NON_PRODUCTION_LABELS = frozenset({"staging", "stage", "stg", "dev", "test", "testing", "qa", "uat", "preview",
                                   "sandbox"})
LOCAL_SUFFIXES = (".localhost", ".local", ".test", ".internal")
PAGE_PARAMETERS = frozenset({"page", "p", "pn", "pageno", "pagenum"})
# Not "archive": SEC filings live under /Archives/, for good.
LISTING_SEGMENTS = frozenset({"tag", "tags", "category", "categories", "topic", "topics", "search", "list", "lists"})
EARLY_KINDS = ("preview",)  # kinds of note (notes.KINDS) written before the results they anticipate

PRODUCTION = "the production page (a staging, development or local host is not public, and its pages are not final)"
DOCUMENT = "the address of the document itself (a listing's pages change as items are added)"


class Doubt(NamedTuple):
    field: str  # "link", "published", "metrics[2].citation"
    expected: str
    found: str


def provenance_problems(note: Note, registry: Registry, line_of: Callable[[str], int]) -> list[Problem]:
    """The warnings about one valid note, each at the line of the field it names (`line_of`)."""
    doubts = [*_citation_doubts(note, registry), *_date_doubts(note)]
    return [Problem(note.path, line_of(d.field), d.field, d.expected, d.found, severity="warning") for d in doubts]


def citations(note: Note) -> list[tuple[str, str]]:
    """(field, address) of every citation the note writes: its link, and each figure's and estimate's own."""
    found = [("link", note.link)] if note.link else []
    figures = [(f"metrics[{index}].citation", figure.citation) for index, figure in enumerate(note.figures)]
    estimates = [(f"forecasts[{index}].citation", forecast.citation) for index, forecast in enumerate(note.forecasts)]
    return found + [(field, address) for field, address in (*figures, *estimates) if address and address != note.link]


def _citation_doubts(note: Note, registry: Registry) -> Iterator[Doubt]:
    for field, address in citations(note):
        try:
            parts = urlsplit(address)
            host = (parts.hostname or "").rstrip(".")
        except ValueError:  # a malformed IPv6 host: the page cannot be reached to be doubted
            continue
        if not host:
            continue
        off = off_production(host)
        if off:
            yield Doubt(field, PRODUCTION, off)
        listing = listing_page(parts, host)
        if listing:
            yield Doubt(field, DOCUMENT, listing)
        outside = outside_domains(host, note, registry)
        if outside:
            yield Doubt(field, outside, f"a page on {host}")


def off_production(host: str) -> str | None:
    """What shows that `host` is not the production site, or None. Only labels left of the last two
    count, so that a site named like a stage (dev.to) is not mistaken for one."""
    for label in host.split(".")[:-2]:
        for part in label.split("-"):
            if part in NON_PRODUCTION_LABELS:
                return f"a {part} host ({host})"
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES) or _private_address(host):
        return f"a host that is not on the public web ({host})"
    return None


def _private_address(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


def listing_page(parts: SplitResult, host: str) -> str | None:
    """What shows that an address is a listing or tag page, or None."""
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name.lower() in PAGE_PARAMETERS and value.strip().isdigit():
            return f"a page of a listing ({name}={value} on {host})"
    segments = [unquote(segment).lower() for segment in parts.path.split("/")]
    for segment, following in zip(segments, [*segments[1:], ""]):
        if segment == "page" and following.isdigit():
            return f"a page of a listing (/page/{following} on {host})"
        if segment.split(".")[0] in LISTING_SEGMENTS:  # search.html is a search page too
            return f"a listing page (/{segment}/ on {host})"
    return None


def outside_domains(host: str, note: Note, registry: Registry) -> str | None:
    """What a citation's host was expected to be, when the note's source lists its domains and the
    host is on none of them (nor on the company's); None otherwise."""
    source = registry.sources.entries.get(note.source)
    if source is None or not source.domains:
        return None
    company = registry.companies.entries.get(note.company)
    own = company.domains if company else ()
    if any(_on(host, domain) for domain in (*source.domains, *own)):
        return None
    lists = f"the domains registry/sources.yml lists for {source.id}"
    if own:
        lists += f" and registry/companies.yml for {note.company}"
    return f"a page on {' or '.join((*source.domains, *own))} ({lists})"


def _on(host: str, domain: str) -> bool:
    """Whether `host` is `domain` or one of its subdomains; www. makes no difference."""
    host, domain = host.removeprefix("www."), domain.removeprefix("www.")
    return host == domain or host.endswith("." + domain)


def _date_doubts(note: Note) -> Iterator[Doubt]:
    end = note.period.end
    if note.kind not in EARLY_KINDS and note.published.date <= end:
        yield Doubt("published", f"a date after {note.period.label} ended on {end.isoformat()} (results come out "
                    f"after the period; a note written before them is kind: {' or '.join(EARLY_KINDS)})",
                    note.published.display)
