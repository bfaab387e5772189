"""Ids, file names and slugs: a page's path is built from validated ids only, so no id or file name
can place a file outside its folder, and a note file may be named anything (spaces, Chinese)."""

from __future__ import annotations

import re

import pytest

from research_digest.load.problems import ProblemList
from research_digest.load.registry import load_registry

BAD_IDS = ["../etc", "/etc/passwd", "acme/../../x", ".", "..", "Acme", "acme cloud", "acme_cloud", "-acme", "acme-",
           "acme--cloud", "艾克云", "acme.cloud", "index", "con", "NUL", "com1", "x" * 65, "acme\ncloud"]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_unsafe_registry_id_is_refused(project, bad_id):
    companies = project.root / "registry" / "companies.yml"
    quoted = '"' + bad_id.replace("\n", "\\n") + '"'
    companies.write_text(companies.read_text(encoding="utf-8").replace("- id: globex", f"- id: {quoted}"),
                         encoding="utf-8")
    problems = ProblemList()
    registry = load_registry(project.root / "registry", problems)
    messages = [p.format(project.root) for p in problems.items]
    assert len(messages) == 1, messages
    assert re.fullmatch(r"registry/companies\.yml:\d+: \[1\]\.id: expected an id (of lowercase letters, digits and "
                        r"single hyphens|that is not a reserved name).*; found .*", messages[0]), messages[0]
    assert "acme-cloud" in registry.companies and len(registry.companies) == 1


def test_unsafe_ids_in_every_registry_fail_the_build(project):
    for name, old, new in (("segments.yml", "- id: industry-cloud", "- id: ../industry"),
                           ("metrics.yml", "- id: revenue", "- id: index"),
                           ("sources.yml", "- id: company-release", "- id: /tmp/release")):
        path = project.root / "registry" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = project.run("build")
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    for fragment in ("registry/segments.yml:", "found '../industry'", "registry/metrics.yml:", "found 'index'",
                     "registry/sources.yml:", "found '/tmp/release'"):
        assert fragment in out, out
    assert not (project.root / "site").exists()


def test_a_note_named_with_spaces_and_chinese_builds_to_a_page_named_by_ids(project):
    project.note(name="acme-cloud/艾克 云 笔记.md")
    result = project.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    page = project.root / "site" / "notes" / "acme-cloud" / "2024Q4-company-release-results-summary" / "index.html"
    assert "Acme Cloud 4Q24: revenue up on AI demand" in page.read_text(encoding="utf-8")


def test_a_note_filed_under_another_folder_is_published_under_its_company(project):
    project.note(name="globex/acme-note.md")
    assert project.run("build").returncode == 0
    assert (project.root / "site" / "notes" / "acme-cloud" / "2024Q4-company-release-results-summary").is_dir()
    assert not (project.root / "site" / "notes" / "globex").exists()


@pytest.mark.parametrize("field, value", [("company", "../../../tmp/escape"), ("source", "/tmp/escape"),
                                          ("period", "../2024Q4"), ("kind", "../../escape")])
def test_a_path_in_a_note_field_is_refused(project, field, value):
    project.note(**{field: value})
    result = project.run("check")
    assert result.returncode == 1
    expected = rf"2024Q4-company-release\.md:\d+: {field}: expected .*; found '{re.escape(value)}'"
    assert re.search(expected, result.stderr)


def test_every_generated_path_is_made_of_ids(project):
    project.note(name="acme-cloud/艾克 云 笔记.md")
    project.note(name="globex/Q3 FY2025 (draft).md", company="globex", period="2024Q3", segments="[public-cloud]")
    assert project.run("generate").returncode == 0
    generated = project.root / "docs" / "generated"
    safe = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")  # ids and period labels (2024Q3, FY2024)
    for path in generated.rglob("*"):
        parts = path.relative_to(generated).parts
        assert all(safe.fullmatch(part) or part.startswith(".") for part in parts), path


def test_a_number_among_aliases_is_refused_not_misread(project):
    """YAML reads an unquoted 0700 as the number 448: a registry must say "0700" in quotes."""
    companies = project.root / "registry" / "companies.yml"
    companies.write_text(companies.read_text(encoding="utf-8").replace("aliases: [Acme]", "aliases: [Acme, 0700]"),
                         encoding="utf-8")
    result = project.run("check")
    assert result.returncode == 1
    assert ('registry/companies.yml:5: [0].aliases: expected words; a number in quotes, like "0700"; '
            "found ['Acme', 448]") in result.stdout + result.stderr
