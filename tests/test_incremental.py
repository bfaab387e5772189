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
