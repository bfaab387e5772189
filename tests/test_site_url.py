"""Where the site is published: mkdocs.yml reads `site_url` from SITE_URL, which the publish workflow sets to the
Pages address. Given it, the built site has a sitemap of every page, each page names its canonical address and
the feeds link absolutely, so they still lead to the site when read elsewhere; without it a local build works
as before, with relative links."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import REPO, FictionalProject
from test_feeds import ATOM, entries, page_for

PUBLISHED = "https://research.example.org/digest/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOTE = "notes/acme-cloud/2024Q4-company-release-results-summary/"


def canonical(site: Path, page: str) -> str | None:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    start = html.find('<link rel="canonical" href="')
    return html[start:].split('"')[3] if start >= 0 else None


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The fictional project built as the publish workflow builds it: with SITE_URL set."""
    project = FictionalProject(tmp_path_factory.mktemp("published"))
    project.note()
    result = project.run("build", "--strict", environment={"SITE_URL": PUBLISHED})
    assert result.returncode == 0, result.stderr + result.stdout
    return project.root / "site"


def test_the_sitemap_lists_every_page_at_its_published_address(published):
    locations = [loc.text for loc in ET.parse(published / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    for page in ("", NOTE, "companies/acme-cloud/", "periods/2024Q4/", "browse/", "writing-a-note/"):
        assert PUBLISHED + page in locations, page
    assert all(location.startswith(PUBLISHED) for location in locations)


def test_each_page_names_its_canonical_address(published):
    assert canonical(published, NOTE) == PUBLISHED + NOTE
    assert canonical(published, "") == PUBLISHED


def test_feeds_link_to_the_published_site(published):
    feed = ET.parse(published / "feeds" / "notes.xml").getroot()
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": PUBLISHED + "feeds/notes.xml", "alternate": PUBLISHED}
    (item,) = entries(published / "feeds" / "acme-cloud.xml")
    assert item.find(f"{ATOM}link").get("href") == PUBLISHED + NOTE


def test_generate_alone_reads_the_address_too(project):
    """`digest generate` reads mkdocs.yml itself (no MkDocs): the feeds it writes link absolutely as well."""
    project.note()
    result = project.run("generate", environment={"SITE_URL": PUBLISHED})
    assert result.returncode == 0, result.stderr
    (item,) = entries(project.root / "docs" / "generated" / "feeds" / "acme-cloud.xml")
    assert item.find(f"{ATOM}link").get("href") == PUBLISHED + NOTE


def test_without_an_address_the_site_builds_with_relative_links(built_site):
    """The shipped site as built locally (no SITE_URL): no canonical link, an empty sitemap, relative feed links
    that lead to the notes."""
    assert canonical(built_site, "") is None
    assert not list(ET.parse(built_site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc"))
    feed = built_site / "feeds" / "notes.xml"
    for item in entries(feed):
        href = item.find(f"{ATOM}link").get("href")
        assert href.startswith("../notes/") and page_for(built_site, feed, href).is_file()


@pytest.mark.parametrize("path", [REPO / ".github" / "workflows" / "pages.yml",
                                  REPO / "scripts/research_digest/authoring/template/github/workflows/pages.yml"],
                         ids=lambda path: path.relative_to(REPO).as_posix())
def test_the_publish_workflow_builds_with_the_pages_address(path):
    steps = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    pages = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(i for i, step in enumerate(steps) if "digest build" in step.get("run", ""))
    assert pages < build, "the Pages address is known before the build"
    assert steps[build]["env"]["SITE_URL"] == f"${{{{ steps.{steps[pages]['id']}.outputs.base_url }}}}/"


@pytest.mark.parametrize("path", [REPO / "mkdocs.yml", REPO / "scripts/research_digest/authoring/template/mkdocs.yml"],
                         ids=lambda path: path.relative_to(REPO).as_posix())
def test_mkdocs_reads_the_address_from_the_environment(path):
    assert "\nsite_url: !ENV SITE_URL\n" in path.read_text(encoding="utf-8")
