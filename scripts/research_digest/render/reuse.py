"""What a render may take from an earlier build instead of rendering it again.

The build passes an object with these two methods, backed by its caches (it decides when a page is
unchanged: `research_digest.build.cache.pages`); `FRESH`, the default, renders everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from research_digest.load.body_html import clean_html

T = TypeVar("T")


class Reuse(Protocol):
    def page(self, path: str, render: Callable[[], T]) -> T:
        """What `render` returns, or what it returned for `path` in an earlier build that read the same inputs."""

    def body(self, markdown: str) -> str:
        """`clean_html(markdown)` of a body that links to no other note, or what it was for the same text earlier."""


class _Fresh:
    def page(self, path: str, render: Callable[[], T]) -> T:
        return render()

    def body(self, markdown: str) -> str:
        return clean_html(markdown)


FRESH: Reuse = _Fresh()
