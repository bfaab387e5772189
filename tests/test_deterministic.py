"""Deterministic: two builds of the same input, in different folders at different times, give
byte-identical generated pages, charts and data files, and the same site. Two exceptions: MkDocs'
sitemap, whose <lastmod> is the date of the build, and Pagefind's filter chunks, whose content (and
so hashed names) Pagefind orders differently from run to run; the same number of them is written."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from conftest import copy_shipped, run_digest


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def without_build_date(files: dict[str, bytes]) -> dict[str, bytes]:
    """The site with the sitemap's <lastmod> dates (the day of the build) taken out."""
    undated = dict(files)
    undated["sitemap.xml"] = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", files["sitemap.xml"])
    undated["sitemap.xml.gz"] = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", gzip.decompress(files["sitemap.xml.gz"]))
    return undated


# Pagefind writes its filter tables in an order that changes from run to run (a Rust HashMap), so
# those files, and the meta and entry files that name them by hash, differ; the words' index and
# the notes' fragments do not.
PAGEFIND_FILTERS = re.compile(r"pagefind/(filter/.*|pagefind\.\w+\.pf_meta|pagefind-entry\.json)$")


def without_pagefind_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if not PAGEFIND_FILTERS.match(path)}


def test_two_builds_of_the_shipped_notes_are_identical(built_site, tmp_path):
    root = copy_shipped(tmp_path)
    assert run_digest(root, "build", "--strict").returncode == 0
    again = root / "site"
    first_generated, second_generated = (tree(site.parent / "docs" / "generated") for site in (built_site, again))
    assert len(first_generated) > 80
    assert first_generated == second_generated
    first_site, second_site = tree(built_site), tree(again)
    assert len(first_site) == len(second_site)
    first_site, second_site = without_pagefind_filters(first_site), without_pagefind_filters(second_site)
    assert first_site.keys() == second_site.keys()
    differing = sorted(path for path in first_site if first_site[path] != second_site[path])
    assert set(differing) <= {"sitemap.xml", "sitemap.xml.gz"}, differing
    assert without_build_date(first_site) == without_build_date(second_site)
