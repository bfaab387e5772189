"""A contributor's session with `digest check`: every mistake is named by file, line and field."""

from __future__ import annotations


def check(project) -> tuple[int, str]:
    result = project.run("check")
    return result.returncode, result.stderr + result.stdout


def test_a_valid_note_passes(project):
    project.note()
    code, out = check(project)
    assert code == 0, out
    assert "OK: 1 notes, 2 figures" in out


def test_broken_yaml_names_file_and_line(project):
    project.note(title='"unclosed')
    code, out = check(project)
    assert code == 1
    assert "notes/acme-cloud/2024Q4-company-release.md:" in out
    assert "expected valid YAML" in out


def test_missing_field_is_named(project):
    project.note(source=None)
    code, out = check(project)
    assert code == 1
    assert "source: expected a value for the required field 'source'; found nothing" in out


def test_unknown_company_suggests_the_nearest(project):
    project.note(company="acme-clod")
    code, out = check(project)
    assert code == 1
    assert "2024Q4-company-release.md:3: company:" in out
    assert "did you mean 'acme-cloud'?" in out


def test_company_by_chinese_name_or_ticker(project):
    project.note(company="艾克云")
    project.note(name="acme-cloud/2024Q3.md", company="9999.HK", period="3Q24")
    code, out = check(project)
    assert code == 0, out


def test_every_error_in_every_note_at_once(project):
    project.note(company="nobody", kind="rumour")
    project.note(name="acme-cloud/other.md", period="Q5 2024", language="fr")
    code, out = check(project)
    assert code == 1
    for expected in ("company:", "kind: expected one of", "period:", "language: expected one of zh, en"):
        assert expected in out


def test_figure_errors_point_at_the_figure_line(project):
    project.note(metrics="""\
metrics:
  - metric: revenue
    value: abc
    unit: RMB
  - metric: gross-margin
    value: 130
    unit: "%"
    yoy: 2.0%
""")
    code, out = check(project)
    assert code == 1
    assert ":12: metrics[0].value: expected a number, like 2232.1, 29.6% or '>20'; found 'abc'" in out
    assert ":13: metrics[0].unit: expected this metric is an amount: one of CNY mn, CNY bn, USD mn, USD bn" in out
    assert "metrics[1].value: expected a ratio of at most 100%" in out
    assert "metrics[1].yoy: expected a change in percentage points (pp): the metric is a ratio" in out


def test_numbers_written_as_text_are_normalised(project):
    project.note(metrics="""\
metrics:
  - metric: revenue
    value: "1,410"
    unit: CNY mn
    yoy: "29.6%"
  - metric: gross-margin
    value: "19.2%"
    unit: "%"
    yoy: "+4.0pp"
  - metric: ai-revenue
    value: 474
    unit: CNY mn
    yoy: ">120"
""")
    code, out = check(project)
    assert code == 0, out


def test_negative_revenue_and_future_date_are_impossible(project):
    project.note(published="2999-01-01 09:00 +08:00", metrics="""\
metrics:
  - metric: revenue
    value: -5
    unit: CNY mn
""")
    code, out = check(project)
    assert code == 1
    assert "published: expected a date that is not in the future" in out
    assert "metrics[0].value: expected a value of zero or more (revenue cannot be negative)" in out


def test_published_needs_a_time_zone(project):
    project.note(published="2025-03-20 09:00")
    code, out = check(project)
    assert code == 1
    assert "published: expected a date with time and time zone" in out


def test_duplicate_notes_are_caught(project):
    project.note()
    project.note(name="acme-cloud/copy.md", period="Q4 2024")
    code, out = check(project)
    assert code == 1
    assert "copy.md:1: expected one note per company, period, source and kind" in out


def test_no_front_matter(project):
    project.write("notes/acme-cloud/plain.md", "Just text\n")
    code, out = check(project)
    assert code == 1
    assert "plain.md:1: expected front matter" in out


SHARED_SEGMENT = """\
- id: cloud-revenue
  label_en: Cloud revenue
  label_zh: 云业务
  members:
    - {company: acme-cloud, segment: public-cloud}
    - {company: globex, segment: industry-cloud}
"""


def test_a_shared_segment_names_segments_its_companies_report(project):
    """Globex reports public cloud only: grouping its industry cloud is refused at the members' line."""
    segments = project.root / "registry" / "segments.yml"
    lines = segments.read_text(encoding="utf-8").count("\n")
    segments.write_text(segments.read_text(encoding="utf-8") + SHARED_SEGMENT, encoding="utf-8")
    project.note()
    code, out = check(project)
    assert code == 1
    assert (f"registry/segments.yml:{lines + 5}: cloud-revenue.members: expected segments of globex (public-cloud); "
            "found 'industry-cloud'") in out


def test_a_figure_is_for_a_segment_a_company_reports_not_a_shared_one(project):
    segments = project.root / "registry" / "segments.yml"
    segments.write_text(segments.read_text(encoding="utf-8")
                        + SHARED_SEGMENT.replace("segment: industry-cloud", "segment: public-cloud"), encoding="utf-8")
    project.note(metrics="""\
metrics:
  - metric: revenue
    segment: cloud-revenue
    value: 1200.5
    unit: CNY mn
""")
    code, out = check(project)
    assert code == 1
    assert "metrics[0].segment: expected a segment the company reports" in out
