"""Bad input as contributors send it: every note in tests/bad_notes/ is refused by `digest check` and
by `digest build`, run as a user runs them, each with one clear line naming the file, line, field,
what was expected and what was found; never a traceback. The odd but valid notes in
tests/accepted_notes/ (a BOM, CRLF line ends, numbers written as text, a date without a time) are accepted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import digest_env
from research_digest.load.notes import MAX_NOTE_BYTES

TESTS = Path(__file__).parent
BAD = TESTS / "bad_notes"
ACCEPTED = TESTS / "accepted_notes"

# file in tests/bad_notes/ -> (line, field, expected ..., found ...) of the message it must produce
REFUSED = {
    "alias-bomb.md": (10, "", "plain YAML (no tags, anchors or aliases)", "an anchor (&) or alias (*)"),
    "bad-indentation.md": (13, "", "valid YAML", "a line indented differently from the lines around it"),
    "colon-in-unquoted-title.md": (2, "", "valid YAML", "a ': ' inside a value (put it in quotes)"),
    "blank-title.md": (2, "title", "a value for the required field 'title'", "nothing"),
    "body-data-link.md": (23, "body", "links to http(s) or mailto addresses, or relative links", "a data: link"),
    "body-event-handler.md": (23, "body", "Markdown without scripts, event handlers", "an event handler (onerror=)"),
    "body-javascript-link.md": (23, "body", "links to http(s) or mailto addresses", "a javascript: link"),
    "body-script.md": (23, "body", "Markdown without scripts, event handlers", "an element <script>"),
    "citation-not-web.md": (16, "metrics[0].citation", "a web address starting with http:// or https://",
                            "'file:///etc/passwd'"),
    "deep-nesting.md": (9, "", "at most 20 levels of nested lists and mappings", "more"),
    "duplicate-identity.md": (1, "", "one note per company, period, source and kind "
                              "(notes/acme-cloud/2024Q4-company-release.md has the same)", "a duplicate note"),
    "empty.md": (1, "", "a note with front matter between --- lines", "an empty file"),
    "field-twice.md": (8, "", "each field once", "'kind' again"),
    "figure-period-invalid.md": (17, "metrics[1].period", "half 1 or 2", "'2024H3'"),
    "figure-without-value.md": (16, "metrics[1].value", "a value (or at least a yoy or qoq change)", "nothing"),
    "front-matter-is-a-list.md": (2, "", "front matter fields (name: value)", "a list"),
    "gbk-encoded.md": (2, "", "UTF-8 text (save the file as UTF-8)", "bytes that are not UTF-8 (GBK?)"),
    "link-javascript.md": (9, "link", "a web address starting with http:// or https://", "'javascript:alert(1)'"),
    "list-where-text-expected.md": (2, "title", "text", "a list"),
    "malformed-yaml.md": (2, "", "valid YAML", "a quoted value whose quote is not closed"),
    "mapping-where-id-expected.md": (3, "company", "text", "a dict"),
    "margin-over-100.md": (17, "metrics[1].value", "a ratio of at most 100% (gross-margin)", "129.0"),
    "marker-without-source.md": (22, "body", "a source for the marker [2] in the front matter's references",
                                 "[2] with no source"),
    "metrics-not-a-list.md": (11, "metrics", "a list of figures, each starting with '- metric:'", "a dict"),
    "missing-company.md": (2, "company", "a value for the required field 'company'", "nothing"),
    "misspelt-field.md": (2, "titel", "a known field: did you mean 'title'?", "'titel'"),
    "misspelt-figure-field.md": (12, "metrics[0].vaule", "a known figure field: did you mean 'value'?", "'vaule'"),
    "negative-revenue.md": (12, "metrics[0].value", "a value of zero or more (revenue cannot be negative)", "-5.0"),
    "no-front-matter.md": (1, "", "front matter: a first line '---'", "'# Acme Cloud 3Q24'"),
    "only-blank-lines.md": (1, "", "a note with front matter between --- lines", "an empty file"),
    "period-bare-year.md": (4, "period", "FY2024 for a fiscal year or a quarter like 2024Q4 (a bare year is ambiguous)",
                            "2024"),
    "period-invalid-quarter.md": (4, "period", "a quarter from 1 to 4", "'Q5 2024'"),
    "published-impossible-date.md": (5, "", "valid YAML", "'2024-02-30 09:00:00+08:00', which cannot be read"),
    "published-in-the-future.md": (5, "published", "a date that is not in the future", "'2999-01-01 09:00:00+08:00'"),
    "published-not-a-date.md": (5, "published", "a date with time and time zone", "'last tuesday'"),
    "published-without-time-zone.md": (5, "published", "a date with time and time zone", "'2024-11-20 09:00:00'"),
    "python-tag.md": (2, "", "plain YAML (no tags, anchors or aliases)", "the tag '!!python/object/apply:os.system'"),
    "ratio-change-in-percent.md": (19, "metrics[1].yoy", "a change in percentage points (pp)", "'1.2%'"),
    "tab-indentation.md": (13, "", "valid YAML", "a tab (indent with spaces)"),
    "unclosed-bracket.md": (9, "", "valid YAML", "a list in [brackets] that is not closed"),
    "unclosed-front-matter.md": (1, "", "a line '---' closing the front matter", "none"),
    "unknown-basis.md": (17, "metrics[1].basis", "one of reported, adjusted", "'guessed'"),
    "unknown-company.md": (3, "company", "a company from the registry (did you mean 'acme-cloud'?)", "'acme-clod'"),
    "unknown-kind.md": (7, "kind", "one of earnings-review, preview, call-digest, results-summary", "'rumour'"),
    "unknown-language.md": (8, "language", "one of zh, en", "'fr'"),
    "unknown-metric.md": (11, "metrics[0].metric", "a metric from the registry (did you mean 'revenue'?)", "'revenu'"),
    "unknown-segment.md": (9, "segments[0]", "a segment from the registry (did you mean 'public-cloud'?)",
                           "'publik-cloud'"),
    "unknown-source.md": (6, "source", "a source from the registry (known source ids: cicc, company-release",
                          "'rumour-mill'"),
    "unknown-top-level-field.md": (9, "verdict", "a known field (title, company, period", "'verdict'"),
    "value-beyond-any-figure.md": (12, "metrics[0].value", "a number no larger than 1,000,000,000", "1e+300"),
    "value-nan.md": (12, "metrics[0].value", "a number, like 2232.1, 29.6% or '>20'", "nan"),
    "value-not-a-number.md": (12, "metrics[0].value", "a number, like 2232.1, 29.6% or '>20'", "'abc'"),
    "value-too-large.md": (12, "metrics[0].value", "a number, like 2232.1, 29.6% or '>20'", "99999999999999999999"),
    "wrong-unit.md": (13, "metrics[0].unit", "this metric is an amount: one of CNY mn, CNY bn", "'RMB'"),
    "yoy-not-a-change.md": (14, "metrics[0].yoy", "a change like 29.6, -3.1, '+4.0pp' or '>120'", "'fast'"),
}


def check_and_build(project) -> dict[str, subprocess.CompletedProcess]:
    """`digest check` and `digest build` on the project, run side by side (neither writes what the
    other reads)."""
    running = {command: subprocess.Popen([sys.executable, "-m", "research_digest.cli", command], cwd=project.root,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=digest_env())
               for command in ("check", "build")}
    results = {}
    for command, process in running.items():
        out, _ = process.communicate(timeout=300)
        results[command] = subprocess.CompletedProcess(process.args, process.returncode, out)
    return results


def assert_refused(project, relative: str, line: int, field: str, expected: str, found: str) -> None:
    prefix = f"{relative}:{line}: " + (f"{field}: " if field else "") + "expected "
    for command, result in check_and_build(project).items():
        out = result.stdout
        assert result.returncode == 1, f"digest {command} accepted {relative}:\n{out}"
        assert "Traceback" not in out, out
        lines = [text for text in out.splitlines() if text.startswith(prefix)]
        assert lines, f"digest {command}: no line starting {prefix!r} in:\n{out}"
        assert any(expected in text and f"; found {found}" in text for text in lines), out


def test_the_corpus_is_large_and_every_file_has_its_message():
    files = {path.name for path in BAD.iterdir()}
    assert files == set(REFUSED)
    assert len(files) >= 30


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_note_is_refused_with_one_clear_line(project, name):
    project.note()  # a good note beside it, which the bad one must not slip through with
    shutil.copy(BAD / name, project.root / "notes" / "acme-cloud" / name)
    assert_refused(project, f"notes/acme-cloud/{name}", *REFUSED[name])


def test_a_very_large_note_is_refused_before_it_is_parsed(project):
    project.note()
    path = project.note(name="acme-cloud/huge.md", period="2024Q3", body="Revenue grew. " * (MAX_NOTE_BYTES // 10))
    assert path.stat().st_size > MAX_NOTE_BYTES
    assert_refused(project, "notes/acme-cloud/huge.md", 1, "", "a note under 1000 KB", "1400 KB")


def test_a_link_to_a_file_elsewhere_is_refused(project, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    project.note(name="acme-cloud/2024Q3.md", period="2024Q3").rename(secret)
    project.note()
    (project.root / "notes" / "acme-cloud" / "linked.md").symlink_to(secret)
    assert_refused(project, "notes/acme-cloud/linked.md", 1, "", "a note file (not a link to another file)",
                   "a symbolic link")


@pytest.mark.parametrize("name", sorted(path.name for path in ACCEPTED.iterdir()))
def test_odd_but_valid_notes_are_accepted(project, name):
    project.note()
    shutil.copy(ACCEPTED / name, project.root / "notes" / "acme-cloud" / name)
    for command, result in check_and_build(project).items():
        assert result.returncode == 0, f"digest {command}:\n{result.stdout}"
    assert "OK: 2 notes, 4 figures" in project.run("check").stdout


def test_numbers_written_as_text_reach_the_page_as_numbers(project):
    (project.root / "notes" / "acme-cloud").mkdir()
    shutil.copy(ACCEPTED / "numbers-as-text.md", project.root / "notes" / "acme-cloud" / "numbers-as-text.md")
    assert project.run("build").returncode == 0
    page = (project.root / "site" / "notes" / "acme-cloud" / "2024Q3-company-release-results-summary" /
            "index.html").read_text(encoding="utf-8")
    for shown in (">1,100.5 CNY mn<", ">+18.0%<", ">29.6%<"):
        assert shown in page
