"""Rebuilding as an analyst does while writing: only what changed is redrawn and rewritten."""

from __future__ import annotations

import shutil

QUARTERS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]


def fill(project) -> None:
    for index, quarter in enumerate(QUARTERS):
        project.note(name=f"acme-cloud/{quarter}.md", period=quarter, metrics=f"""\
metrics:
  - metric: revenue
    value: {1000 + 100 * index}
    unit: CNY mn
    yoy: {10 + index}
  - metric: revenue
    segment: public-cloud
    value: {600 + 50 * index}
    unit: CNY mn
  - metric: revenue
    segment: industry-cloud
    value: {400 + 50 * index}
    unit: CNY mn
  - metric: gross-margin
    value: {20 + index}
    unit: "%"
""")


def generated(project) -> dict[str, bytes]:
    root = project.root / "docs" / "generated"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_rebuild_with_no_change_draws_and_writes_nothing(project):
    fill(project)
    first = project.run("generate")
    assert first.returncode == 0, first.stderr
    assert "0 charts drawn" not in first.stdout
    again = project.run("generate")
    assert "0 written, 0 removed; 0 charts drawn" in again.stdout


def test_editing_one_note_redraws_only_its_charts(project):
    fill(project)
    project.run("generate")
    before = generated(project)
    path = project.root / "notes/acme-cloud/2024Q4.md"
    path.write_text(path.read_text().replace("value: 1300", "value: 1350"))
    result = project.run("generate")
    after = generated(project)
    changed = sorted(p for p in after if after[p] != before.get(p))
    assert "charts/companies/acme-cloud-revenue.svg" in changed
    assert "charts/companies/acme-cloud-margins.svg" not in changed
    assert all("globex" not in p for p in changed)
    assert result.stdout.rstrip().endswith("; 1 charts drawn")  # the revenue chart, shared by its pages


def test_two_clean_builds_are_byte_identical(project, tmp_path_factory):
    fill(project)
    project.run("generate")
    first = generated(project)
    shutil.rmtree(project.root / ".cache")
    shutil.rmtree(project.root / "docs" / "generated")
    (project.root / "docs" / "generated").mkdir()
    project.run("generate")
    assert generated(project) == first
    assert any(p.endswith(".svg") for p in first)


def test_an_implied_quarter_is_drawn_hollow_and_said_so(project):
    """2024Q3 has no note, but 2024Q4's QoQ change implies its revenue: the chart shows it, marked."""
    fill(project)
    (project.root / "notes/acme-cloud/2024Q3.md").unlink()
    path = project.root / "notes/acme-cloud/2024Q4.md"
    path.write_text(path.read_text().replace("    yoy: 13\n", "    yoy: 13\n    qoq: 8.3\n", 1))
    result = project.run("generate")
    assert result.returncode == 0, result.stderr
    svg = (project.root / "docs/generated/charts/companies/acme-cloud-revenue.svg").read_text()
    assert "hollow = implied" in svg
    page = (project.root / "docs/generated/companies/acme-cloud.md").read_text()
    assert "2024Q3" in page and "(implied)" in page


def test_a_generated_file_changed_by_hand_is_put_right_by_the_next_rebuild(project):
    fill(project)
    project.run("generate")
    before = generated(project)
    page = project.root / "docs/generated/companies/acme-cloud.md"
    page.write_text("changed by hand")
    (project.root / "docs/generated/periods/2024Q1.md").unlink()
    result = project.run("generate")
    assert result.returncode == 0, result.stderr
    assert generated(project) == before
    assert "2 written" in result.stdout


def test_a_rebuild_sees_a_new_hand_written_page_and_a_registry_change(project):
    fill(project)
    project.run("generate")
    project.write("docs/pages/about.md", "# About\n")
    assert "1 written" in project.run("generate").stdout
    companies = project.root / "registry/companies.yml"
    companies.write_text(companies.read_text().replace("name_en: Globex Data", "name_en: Globex Data Group"))
    result = project.run("generate")
    assert "0 written" not in result.stdout
    assert "Globex Data Group" in (project.root / "docs/generated/companies/index.md").read_text()


# --- one note edited, added or deleted: the pages that depend on it, and only those ------------------

RELEASE = "notes/acme-cloud/{}-company-release-results-summary.md"  # generated page of fill()'s note


def fill_two_companies(project) -> dict[str, bytes]:
    """fill()'s four Acme Cloud quarters and one unrelated Globex note, generated."""
    fill(project)
    project.note(name="globex/2024Q4.md", company="globex", title='"Globex 4Q24: steady"')
    return generate(project)


def generate(project) -> dict[str, bytes]:
    result = project.run("generate")
    assert result.returncode == 0, result.stderr
    return generated(project)


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def assert_same_as_a_first_build(project) -> None:
    """What the rebuild left equals, byte for byte, what a first build of the same notes writes
    (only drawn charts are kept, to save drawing them again)."""
    incremental = generated(project)
    cache, charts = project.root / ".cache", project.root / "kept-charts"
    (cache / "charts").rename(charts)
    shutil.rmtree(cache)
    cache.mkdir()
    charts.rename(cache / "charts")
    shutil.rmtree(project.root / "docs" / "generated")
    (project.root / "docs" / "generated").mkdir()
    assert changed(incremental, generate(project)) == set()


def test_editing_a_figure_rewrites_exactly_the_pages_that_show_it(project):
    before = fill_two_companies(project)
    path = project.root / "notes/acme-cloud/2024Q4.md"
    path.write_text(path.read_text().replace("value: 1300", "value: 1350"))
    after = generate(project)
    assert changed(before, after) == {
        RELEASE.format("2024Q4"), "companies/acme-cloud.md", "periods/2024Q4.md",
        "charts/companies/acme-cloud-revenue.svg",
        "data/figures.csv", "data/figures.json", "data/acme-cloud.csv", "data/acme-cloud.json",
        ".digest-manifest.json",
        "index.md",  # the home page's latest notes give their headline figure
    }
    for page in (RELEASE.format("2024Q4"), "companies/acme-cloud.md", "periods/2024Q4.md"):
        assert "1,350" in after[page].decode() and "1,300" not in after[page].decode(), page
    # The other quarters' pages show the company's chart by name and link to its data: unchanged.
    other = after[RELEASE.format("2024Q1")].decode()
    assert ('<object class="chart-light" data="../../../charts/companies/acme-cloud-revenue.svg#p2024Q1" '
            'type="image/svg+xml" role="img" aria-label="Chart: Acme Cloud: revenue &#40;CNY mn&#41;, 2024Q1 marked">'
            in other)
    assert '<a href="../../../companies/acme-cloud/#charts">Data behind the chart</a>' in other
    assert_same_as_a_first_build(project)


def test_rebuilds_in_one_process_open_and_close_a_conflict_as_a_first_build_does(project):
    """`digest serve` rebuilds in one process, keeping each company's derived values and checks in
    memory while its notes are unchanged: what an edit opens, and its undoing closes, shows exactly
    as a first build of the same notes shows it."""
    from research_digest.build.cache.caches import Caches
    from research_digest.build.generate import generate as generate_in_this_process
    from research_digest.build.project import read_project

    fill_two_companies(project)
    path = project.root / "notes/acme-cloud/2024Q4.md"
    original = path.read_text()
    preview = Caches()
    generate_in_this_process(read_project(project.root), caches=preview)
    path.write_text(original.replace("value: 1300", "value: 1100"))  # less than its segments' 1,300
    generate_in_this_process(read_project(project.root), caches=preview)
    assert "1 open conflict(s)" in generated(project)["checks.md"].decode()
    assert_same_as_a_first_build(project)
    path.write_text(original)
    generate_in_this_process(read_project(project.root), caches=preview)
    assert "0 open conflict(s)" in generated(project)["checks.md"].decode()
    assert_same_as_a_first_build(project)


def test_a_retitled_note_is_retitled_in_every_list_that_shows_it(project):
    """A source page is reused while its notes' lines are unchanged (an edited figure or body leaves
    it alone); a new title changes a line, so the source page is rendered again."""
    before = fill_two_companies(project)
    path = project.root / "notes/acme-cloud/2024Q4.md"
    path.write_text(path.read_text().replace("value: 1300", "value: 1350"))
    assert "sources/company-release.md" not in changed(before, generate(project))
    before = generated(project)
    path.write_text(path.read_text().replace("revenue up on AI demand", "revenue up on GPU rentals"))
    after = generate(project)
    assert {"sources/company-release.md", "companies/acme-cloud.md", "periods/2024Q4.md",
            "segments/public-cloud.md"} <= changed(before, after)
    assert "revenue up on GPU rentals" in after["sources/company-release.md"].decode()
    assert_same_as_a_first_build(project)


def test_adding_a_note_updates_its_neighbour_and_the_indexes(project):
    before = fill_two_companies(project)
    project.note(name="acme-cloud/2025Q1.md", period="2025Q1", published="2025-05-20 09:00 +08:00",
                 title='"Acme Cloud 1Q25: a new quarter"')
    after = generate(project)
    rewritten = changed(before, after)
    assert {RELEASE.format("2025Q1"), RELEASE.format("2024Q4"), "periods/2025Q1.md", "periods/index.md",
            "companies/index.md", "companies/acme-cloud.md", "index.md"} <= rewritten
    assert not {RELEASE.format("2024Q3"), "companies/globex.md"} & rewritten
    assert 'Next: <a href="../2025Q1-company-release-results-summary/">Acme Cloud 1Q25: a new quarter</a>' \
        in after[RELEASE.format("2024Q4")].decode()
    assert "Acme Cloud 1Q25: a new quarter" in after["index.md"].decode()
    assert_same_as_a_first_build(project)


def test_deleting_a_note_joins_its_neighbours_and_drops_its_pages(project):
    before = fill_two_companies(project)
    (project.root / "notes/acme-cloud/2024Q3.md").unlink()
    after = generate(project)
    assert RELEASE.format("2024Q3") in before and RELEASE.format("2024Q3") not in after
    assert "periods/2024Q3.md" not in after
    assert 'Next: <a href="../2024Q4-company-release-results-summary/">Acme Cloud 4Q24: revenue up on AI demand</a>' \
        in after[RELEASE.format("2024Q2")].decode()
    assert ('← Previous: <a href="../2024Q2-company-release-results-summary/">'
            'Acme Cloud 4Q24: revenue up on AI demand</a>') \
        in after[RELEASE.format("2024Q4")].decode()
    assert "2024Q3" not in after["periods/index.md"].decode()
    assert RELEASE.format("2024Q1") not in changed(before, after)
    assert_same_as_a_first_build(project)


def test_renaming_a_company_in_the_registry_renders_every_page_that_names_it(project):
    before = fill_two_companies(project)
    companies = project.root / "registry/companies.yml"
    companies.write_text(companies.read_text().replace("name_en: Acme Cloud", "name_en: Acme Cloud Group"))
    after = generate(project)
    for quarter in QUARTERS:
        assert "Acme Cloud Group" in after[RELEASE.format(quarter)].decode()
        assert "Acme Cloud Group" in after[f"periods/{quarter}.md"].decode()
    assert "Acme Cloud Group" in after["companies/acme-cloud.md"].decode()
    assert "companies/globex.md" not in changed(before, after)
    assert_same_as_a_first_build(project)


def test_a_new_conflict_leaves_the_other_companies_conflict_links_alone(project):
    """Conflicts are linked by what they compare, not by their rank on the Data checks page."""
    fill(project)
    project.note(name="globex/2024Q4.md", company="globex", title='"Globex 4Q24: steady"')
    project.note(name="globex/2024Q4-call.md", company="globex", source="earnings-call", kind="call-digest",
                 title='"Globex 4Q24 call"', metrics=METRICS_DIFFERENT)
    before = generate(project)
    assert "A conflict: see Data checks" in before["companies/globex.md"].decode()
    project.note(name="acme-cloud/2024Q4-call.md", source="earnings-call", kind="call-digest",
                 title='"Acme Cloud 4Q24 call"', metrics=METRICS_DIFFERENT)
    after = generate(project)
    rewritten = changed(before, after)
    assert {"companies/acme-cloud.md", "checks.md"} <= rewritten
    assert "A conflict: see Data checks" in after["companies/acme-cloud.md"].decode()
    assert not {"companies/globex.md"} & rewritten
    assert_same_as_a_first_build(project)


METRICS_DIFFERENT = """\
metrics:
  - metric: revenue
    value: 1500
    unit: CNY mn
"""
