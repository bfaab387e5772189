"""What is computed from one company's notes alone (its implied values, its checks), kept in memory
from one build to the next: under `digest serve` an edit recomputes its own company only.

A result is keyed by the company's notes, each by the key of the file it was loaded from
(`NoteCache.key`), under the note cache's version (this package's code and the registries). Notes
not loaded through the cache (tests, `digest diff`'s other revision) have no key: their company is
computed every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from research_digest.build.memo import content_key
from research_digest.build.notecache import NOTES
from research_digest.model.site import Site

T = TypeVar("T")


class CompanyMemo:
    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], tuple[bytes, object]] = {}  # (stage, company) -> (key, result)

    def __call__(self, stage: str, site: Site, company: str, compute: Callable[[], T]) -> T:
        keys = [NOTES.key(note) for note in site.by_company.get(company, ())]
        if not keys or None in keys or NOTES.version is None:
            return compute()
        key = content_key(NOTES.version.encode("utf-8"), *keys)
        found = self.kept.get((stage, company))
        if found is not None and found[0] == key:
            return found[1]  # type: ignore[return-value]
        result = compute()
        self.kept[(stage, company)] = (key, result)
        return result


BY_COMPANY = CompanyMemo()  # one per process, like the note cache
