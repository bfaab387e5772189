"""Search: what the built-in (lunr) index needs to find companies and segments by any name.

Material's search plugin segments Chinese with jieba; the user dictionary written here, from the
registries, keeps names such as 金山云 or 公有云 whole, so a search for the name finds it as a word.
"""

from __future__ import annotations

import re

from ..registry import Registry

_HAN = re.compile(r"[\u4e00-\u9fff]")
WORD_FREQUENCY = 100_000  # high enough that jieba never splits a registered name


def jieba_user_dict(registry: Registry) -> str:
    """jieba's user dictionary format: one 'word frequency' per line."""
    names: dict[str, None] = {}
    for table in (registry.companies, registry.segments, registry.metrics, registry.sources):
        for entry in table:
            for name in entry.names:
                for word in str(name).split():
                    if _HAN.search(word):
                        names.setdefault(word)
    return "".join(f"{word} {WORD_FREQUENCY}\n" for word in names)


def search_terms(*names: str) -> list[str]:
    """Names a page should be found by first: they go to the index's highly boosted tags field."""
    return list(dict.fromkeys(n for n in names if n))
