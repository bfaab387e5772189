"""Data downloads: each company's figures and the whole dataset, as CSV and JSON, traced to notes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_company_files_hold_every_figure_of_its_notes(built_site, shipped):
    for company in ("kingsoft-cloud", "gds"):
        stated = sum(len(note.figures) for note in shipped.notes if note.company == company)
        rows = read_csv(built_site / "data" / f"{company}.csv")
        data = json.loads((built_site / "data" / f"{company}.json").read_text(encoding="utf-8"))
        stated_rows = [row for row in rows if row["kind"] == "stated"]
        assert len(stated_rows) == stated
        assert {row["company"] for row in rows} == {company}
        assert data["company"]["id"] == company and len(data["figures"]) == len(rows)
        for row, record in zip(rows, data["figures"]):
            assert row["note_title"] == record["note_title"] and row["period"] == record["period"]
            assert (float(row["value"]) if row["value"] else None) == record["value"]
            assert (built_site / row["note_url"] / "index.html").is_file()  # each figure leads to its note
            assert row["source_name"] and row["note_file"].startswith(f"notes/{company}/")


def test_kingsoft_revenue_reads_as_the_note_states_it(built_site):
    rows = read_csv(built_site / "data" / "kingsoft-cloud.csv")
    (row,) = [r for r in rows if r["metric"] == "revenue" and r["period"] == "2024Q4" and not r["segment"]
              and r["source"] == "company-release"]
    assert (row["value"], row["unit"], row["yoy"], row["yoy_unit"]) == ("2232.1", "CNY mn", "29.6", "%")
    assert row["note_url"] == "notes/kingsoft-cloud/2024Q4-company-release-results-summary/"


def test_implied_figures_are_rows_traced_to_the_note_they_follow_from(built_site, shipped):
    rows = [row for row in read_csv(built_site / "data" / "kingsoft-cloud.csv") if row["kind"] == "implied"]
    implied = [item for item in shipped.implied_figures() if item.origin.note.company == "kingsoft-cloud"]
    assert rows and len(rows) == len(implied)
    for row in rows:
        assert float(row["value_low"]) <= float(row["value"]) <= float(row["value_high"])
        assert not any(n.company == "kingsoft-cloud" and n.period.label == row["period"] and
                       any(f.metric == row["metric"] and (f.segment or "") == row["segment"] and f.basis == row["basis"]
                           and f.period.label == row["period"] and f.value is not None for f in n.figures)
                       for n in shipped.notes)  # no note states it
        origin = (built_site / row["note_url"] / "index.html").read_text(encoding="utf-8")
        assert "implied by the" in row["comment"] and row["citation"] in origin.replace("&amp;", "&")


def test_whole_dataset_is_every_company_file_together(built_site):
    everything = read_csv(built_site / "data" / "figures.csv")
    by_company = [row for path in sorted((built_site / "data").glob("*.csv")) if path.stem != "figures"
                  for row in read_csv(path)]
    assert sorted(map(str, everything)) == sorted(map(str, by_company))
    figures = json.loads((built_site / "data" / "figures.json").read_text(encoding="utf-8"))["figures"]
    assert len(figures) == len(everything)


def test_pages_link_the_downloads(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    company = (built_site / "companies" / "kingsoft-cloud" / "index.html").read_text(encoding="utf-8")
    assert 'href="data/figures.csv"' in home and 'href="data/figures.json"' in home
    assert 'href="../../data/kingsoft-cloud.csv"' in company and 'href="../../data/kingsoft-cloud.json"' in company


def test_text_a_spreadsheet_would_run_is_made_inert(project):
    project.note(metrics="""\
metrics:
  - metric: revenue
    value: 100
    unit: CNY mn
    note: "=HYPERLINK(\\"http://example.com\\")"
""")
    assert project.run("generate").returncode == 0
    generated = project.root / "docs" / "generated" / "data"
    (row,) = read_csv(generated / "acme-cloud.csv")
    assert row["comment"] == "'=HYPERLINK(\"http://example.com\")"
    assert json.loads((generated / "acme-cloud.json").read_text(encoding="utf-8"))["figures"][0]["comment"] == \
        '=HYPERLINK("http://example.com")'  # JSON is read by programs, not spreadsheets: kept as written
