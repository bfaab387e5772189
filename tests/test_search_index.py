"""Search indexes: Material's stays small whatever the number of notes; Pagefind's holds every note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FictionalProject
from research_digest.bench.synthetic import QUARTERS, write_corpus


def material_index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def names_file(site: Path) -> dict:
    return json.loads((site / "search" / "names.json").read_text(encoding="utf-8"))


def pagefind_pages(site: Path) -> int:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_shipped_site_indexes(built_site, shipped):
    docs = material_index(built_site)["docs"]
    locations = {doc["location"].split("#")[0] for doc in docs}
    assert {"", "writing-a-note/", "companies/"} <= locations
    # notes are Pagefind's; the pages of companies, segments, sources and periods are found by name
    assert not any(location.startswith(("notes/", "companies/", "segments/", "sources/", "periods/"))
                   for location in locations - {"companies/", "segments/", "sources/", "periods/"})
    assert pagefind_pages(built_site) == len(shipped.notes)


def test_every_page_found_by_name_is_listed_with_its_names(built_site, shipped):
    pages = {page["url"]: page for page in names_file(built_site)["pages"]}
    expected = ({f"companies/{company}/" for company in shipped.by_company}
                | {f"segments/{segment}/" for segment in shipped.by_segment}
                | {f"sources/{source}/" for source in shipped.by_source}
                | {f"periods/{period}/" for period in shipped.by_period})
    assert set(pages) == expected
    for url in pages:
        assert (built_site / url / "index.html").is_file(), url
    assert {"kingsoft cloud", "金山云", "3896.hk", "kc"} <= set(pages["companies/kingsoft-cloud/"]["names"])
    assert {"public cloud", "公有云"} <= set(pages["segments/public-cloud/"]["names"])
    assert {"2024q4", "4q24"} == set(pages["periods/2024Q4/"]["names"])
    assert pages["companies/kingsoft-cloud/"]["kind"] == "Company"


@pytest.mark.slow  # builds two synthetic sites
def test_material_index_does_not_grow_with_the_notes(tmp_path):
    """The same two companies over the same quarters, with one note or two per company and quarter."""
    sizes = {}
    for per_quarter in (1, 2):
        (root := tmp_path / f"x{per_quarter}").mkdir()
        project = FictionalProject(root)
        notes = 2 * len(QUARTERS) * per_quarter
        write_corpus(root, notes, companies=2)
        build = project.run("build")
        assert build.returncode == 0, build.stderr
        sizes[per_quarter] = (root / "site" / "search" / "search_index.json").stat().st_size
        assert pagefind_pages(root / "site") == notes
    assert sizes[2] <= sizes[1] * 1.02, sizes
