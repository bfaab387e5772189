"""Provenance warnings: a citation on a staging or local host, a listing or tag page, a note dated before
its period ended, a host outside the domains its source lists. Each rule with a fictional note that
trips it and one that does not; `digest check` names file, line and field, and `--strict` fails on them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import FICTIONAL_COMPANIES, REPO
from research_digest.load.notes import load_note, load_notes
from research_digest.load.problems import ProblemList
from research_digest.load.registry import load_registry

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PRODUCTION = "https://ir.acme.example.com/news/2025-03-20-fourth-quarter-results"
BROKER = """\
- id: initech-securities
  name_en: Initech Securities
  name_zh: 英泰证券
  kind: broker
  domains: [research.initech.example.com]
"""


def cited(address: str, field: str = "citation") -> str:
    """Metrics whose first figure cites `address`."""
    return f"""\
metrics:
  - metric: revenue
    value: 1200.5
    unit: CNY mn
    {field}: "{address}"
  - metric: gross-margin
    value: 30.0
    unit: "%"
"""


def warnings_of(project, path: Path) -> list[str]:
    """The warnings `digest check` prints for one note, which must load."""
    problems = ProblemList()
    registry = load_registry(project.root / "registry", problems)
    note = load_note(path, project.root, registry, problems, NOW)
    assert note is not None and not problems.errors, [p.format() for p in problems.items]
    return [p.format() for p in problems.warnings]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def citing(project, address: str) -> list[str]:
    return warnings_of(project, project.note(metrics=cited(address)))


# --- hosts that are not the production site ------------------------------------------------------

@pytest.mark.parametrize("address, found", [
    ("https://staging.acme.example.com/news/results", "a staging host (staging.acme.example.com)"),
    ("https://dev.acme.example.com/news/results", "a dev host (dev.acme.example.com)"),
    ("https://qa-ir.acme.example.com/results", "a qa host (qa-ir.acme.example.com)"),
    ("https://preview.news.acme.example.com/results", "a preview host (preview.news.acme.example.com)"),
])
def test_a_citation_on_a_staging_or_dev_host_is_flagged_at_its_line(project, address, found):
    path = project.note(metrics=cited(address))
    assert warnings_of(project, path) == [
        f"notes/acme-cloud/2024Q4-company-release.md:{line_of(path, address)}: warning: metrics[0].citation: "
        "expected the production page (a staging, development or local host is not public, and its pages are "
        f"not final); found {found}"]


@pytest.mark.parametrize("address", ["http://localhost:8000/results", "http://127.0.0.1/results",
                                     "http://192.168.1.20/acme/results", "https://wiki.acme.internal/results",
                                     "http://[::1]:8080/results"])
def test_a_citation_on_a_local_host_is_flagged(project, address):
    [warning] = citing(project, address)
    assert "metrics[0].citation" in warning and "found a host that is not on the public web" in warning


@pytest.mark.parametrize("address", [
    PRODUCTION,
    "https://dev.to/acme/fourth-quarter-results",  # a site named like a stage is not one
    "https://devices.acme.example.com/results",  # a label that only starts like one
    "https://contest-news.example.com/acme-results",
    "https://8.8.8.8/acme-results",  # a public address
])
def test_a_citation_on_a_production_host_is_not_flagged(project, address):
    assert citing(project, address) == []


def test_a_staging_link_is_flagged_once_at_the_link_not_again_for_each_figure_citing_it(project):
    path = project.note(link='"https://staging.acme.example.com/results"')  # both figures cite the link
    assert warnings_of(project, path) == [
        f"notes/acme-cloud/2024Q4-company-release.md:{line_of(path, 'link:')}: warning: link: expected the "
        "production page (a staging, development or local host is not public, and its pages are not final); "
        "found a staging host (staging.acme.example.com)"]


# --- listing and tag pages -----------------------------------------------------------------------

@pytest.mark.parametrize("address, found", [
    ("https://docs.example.com/companies/ACME/documents?page=26", "a page of a listing (page=26 on docs.example.com)"),
    ("https://news.example.com/acme?sort=new&p=3", "a page of a listing (p=3 on news.example.com)"),
    ("https://news.example.com/s?wd=acme&pn=20", "a page of a listing (pn=20 on news.example.com)"),
    ("https://blog.example.com/acme/page/2/", "a page of a listing (/page/2 on blog.example.com)"),
])
def test_a_paginated_listing_is_flagged(project, address, found):
    [warning] = citing(project, address)
    assert warning.endswith(": warning: metrics[0].citation: expected the address of the document itself "
                            f"(a listing's pages change as items are added); found {found}")


@pytest.mark.parametrize("address, segment", [
    ("https://news.example.com/tag/acme-cloud", "/tag/"),
    ("https://docs.example.com/tags/product?tagValue=Acme+Stack", "/tags/"),
    ("https://news.example.com/category/cloud/", "/category/"),
    ("https://news.example.com/topics/acme", "/topics/"),
    ("https://news.example.com/search?q=acme+cloud", "/search/"),
    ("https://news.example.com/search.html?kw=acme", "/search.html/"),
    ("https://news.example.com/list/12", "/list/"),
])
def test_a_tag_category_search_or_list_page_is_flagged(project, address, segment):
    [warning] = citing(project, address)
    assert warning.endswith(f"found a listing page ({segment} on {address.split('/')[2]})")


@pytest.mark.parametrize("address", [
    "https://news.example.com/2025/03/20/acme-cloud-fourth-quarter-results.html",
    "https://blog.example.com/?p=first-results",  # not a page number
    "https://news.example.com/article?id=26",
    "https://www.sec.gov/Archives/edgar/data/1234567/000110465925049400/ex99-1.htm",  # a filing stays put
    "https://www.exchange.example.com/listedco/listconews/2025/0320/acme.pdf",
    "https://news.example.com/p/3038441842814984",
])
def test_the_address_of_a_document_is_not_flagged_as_a_listing(project, address):
    assert citing(project, address) == []


# --- published before the period ended -----------------------------------------------------------

@pytest.mark.parametrize("published", ["2024-12-15", "2024-12-31", "2024-12-31 23:00 +08:00"])
def test_a_note_published_before_its_period_ended_is_flagged(project, published):
    path = project.note(published=published)
    assert warnings_of(project, path) == [
        f"notes/acme-cloud/2024Q4-company-release.md:{line_of(path, 'published:')}: warning: published: expected "
        "a date after 2024Q4 ended on 2024-12-31 (results come out after the period; a note written before them "
        f"is kind: preview); found {published.replace(':00 +08:00', ':00 +0800')}"]


def test_a_fiscal_period_ends_when_the_company_says(project):
    """Globex's fiscal year ends in March: its FY2025 ended on 2025-03-31."""
    early = project.note(name="globex/FY2025-company-release.md", company="globex", period="FY2025",
                         published="2025-03-20", segments=None)
    assert any("expected a date after FY2025 ended on 2025-03-31" in w for w in warnings_of(project, early))
    after = project.note(name="globex/FY2025-company-release.md", company="globex", period="FY2025",
                         published="2025-05-20", segments=None)
    assert warnings_of(project, after) == []


@pytest.mark.parametrize("published", ["2025-01-02", "2025-03-20 09:00 +08:00"])
def test_a_note_published_after_its_period_ended_is_not_flagged(project, published):
    assert warnings_of(project, project.note(published=published)) == []


def test_a_preview_may_come_before_the_period_ends(project):
    path = project.note(name="acme-cloud/2024Q4-preview.md", kind="preview", published="2024-12-15")
    assert warnings_of(project, path) == []


# --- domains a source lists ----------------------------------------------------------------------

def with_domains(project) -> None:
    """A broker that publishes on its own site, and Acme's investor-relations site."""
    registry = project.root / "registry"
    (registry / "sources.yml").write_text((registry / "sources.yml").read_text(encoding="utf-8") + BROKER,
                                          encoding="utf-8")
    companies = FICTIONAL_COMPANIES.replace("  segments: [public-cloud, industry-cloud]\n",
                                            "  segments: [public-cloud, industry-cloud]\n"
                                            "  domains: [ir.acme.example.com]\n")
    (registry / "companies.yml").write_text(companies, encoding="utf-8")


@pytest.mark.parametrize("address", ["https://research.initech.example.com/reports/acme-4q24",
                                     "https://www.research.initech.example.com/reports/acme-4q24",
                                     "https://pdf.research.initech.example.com/acme-4q24.pdf",
                                     PRODUCTION])  # the company's own release
def test_a_brokers_note_may_cite_its_own_site_and_the_companys(project, address):
    with_domains(project)
    path = project.note(name="acme-cloud/2024Q4-initech-securities.md", source="initech-securities",
                        kind="earnings-review", metrics=cited(address))
    assert warnings_of(project, path) == []


def test_a_brokers_note_citing_another_host_is_flagged(project):
    with_domains(project)
    address = "https://aggregator.example.net/reports/acme-4q24"
    path = project.note(name="acme-cloud/2024Q4-initech-securities.md", source="initech-securities",
                        kind="earnings-review", metrics=cited(address))
    assert warnings_of(project, path) == [
        f"notes/acme-cloud/2024Q4-initech-securities.md:{line_of(path, address)}: warning: metrics[0].citation: "
        "expected a page on research.initech.example.com or ir.acme.example.com (the domains registry/sources.yml "
        "lists for initech-securities and registry/companies.yml for acme-cloud); "
        "found a page on aggregator.example.net"]


def test_a_source_that_lists_no_domains_may_be_cited_anywhere(project):
    with_domains(project)  # the company release lists none: wires carry releases on many hosts
    assert citing(project, "https://wire.example.net/acme-cloud-announces-fourth-quarter-results") == []


@pytest.mark.parametrize("domains, found", [
    ('["https://research.initech.example.com"]', "'https://research.initech.example.com'"),
    ("[research.initech.example.com/reports]", "'research.initech.example.com/reports'"),
    ("[initech]", "'initech'"),
    ("[42]", "42"),
    ("[{host: research.initech.example.com}]", "{'host': 'research.initech.example.com'}"),
])
def test_domains_that_are_not_host_names_are_an_error_at_their_line(project, domains, found):
    path = project.root / "registry" / "sources.yml"
    shipped = path.read_text(encoding="utf-8")
    path.write_text(shipped + BROKER.replace("[research.initech.example.com]", domains), encoding="utf-8")
    problems = ProblemList()
    load_registry(project.root / "registry", problems)
    [problem] = problems.items
    added = len(re.findall(r"^- id:", shipped, re.M))  # the broker is the entry after the shipped ones
    assert (problem.line, problem.field) == (line_of(path, "domains:"), f"[{added}].domains")
    assert problem.expected == "a list of host names without https:// or a path, like [ir.ksyun.com]"
    assert problem.found == found and problem.severity == "error"


# --- as a contributor meets them -----------------------------------------------------------------

def test_digest_check_prints_each_warning_on_every_run_and_strict_fails_on_them(project):
    staging = project.note(link='"https://staging.acme.example.com/results"')
    early = project.note(name="globex/2024Q3-company-release.md", company="globex", period="2024Q3",
                         published="2024-09-15", metrics=cited("https://news.example.com/tags/globex"))
    expected = [
        f"notes/globex/2024Q3-company-release.md:{line_of(early, 'published:')}: warning: published: "
        "expected a date after 2024Q3 ended on 2024-09-30",
        f"notes/globex/2024Q3-company-release.md:{line_of(early, '/tags/')}: warning: metrics[0].citation: "
        "expected the address of the document itself",
        f"notes/acme-cloud/2024Q4-company-release.md:{line_of(staging, 'link:')}: warning: link: "
        "expected the production page",
    ]
    for run in ("first", "second"):  # the second reads the notes from the cache: the warnings stay
        result = project.run("check")
        assert result.returncode == 0, result.stdout + result.stderr
        printed = result.stderr.splitlines()
        assert all(any(line.startswith(start) for line in printed) for start in expected), (run, printed)
        assert "3 warning(s)" in result.stdout
    strict = project.run("check", "--strict")
    assert strict.returncode == 1
    assert all(any(line.startswith(start) for line in strict.stderr.splitlines()) for start in expected), strict.stderr


def test_the_shipped_notes_give_no_provenance_warning():
    problems = ProblemList()
    registry = load_registry(REPO / "registry", problems)
    # today's date, as `digest check` uses: the shipped notes grow past any fixed date (2026 results)
    notes = load_notes(REPO, REPO / "notes", registry, problems, dt.datetime.now(dt.UTC))
    assert notes and problems.items == [], [p.format() for p in problems.items]
