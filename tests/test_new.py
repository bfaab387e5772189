"""`digest new`: a contributor scaffolds a note, fills in the blanks, and `digest check` accepts it."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

import yaml

from conftest import digest_env
from research_digest.authoring.fieldhelp import FIGURE_HELP, NOTE_HELP
from research_digest.load.notes import FIGURE_FIELDS, NOTE_FIELDS, split_front_matter
from research_digest.load.views import FORECAST_FIELDS, VIEW_FIELDS

NOTE = "notes/acme-cloud/2024Q4-company-release.md"


def fill_in(text: str) -> str:
    """What a contributor types into the blanks."""
    text = text.replace('title: ""', 'title: "Acme Cloud 4Q24: revenue up on AI demand"', 1)
    text = re.sub(r"^published:", "published: 2025-03-20 09:00 +08:00", text, count=1, flags=re.M)
    return re.sub(r"^    value:", "    value: 1200.5", text, count=1, flags=re.M)


def test_a_new_note_filled_in_passes_check(project):
    made = project.run("new", "--company", "9999.HK", "--period", "Q4 2024", "--source", "公司业绩公告",
                       "--language", "en")
    assert made.returncode == 0, made.stderr
    assert f"Wrote {NOTE}" in made.stdout
    path = project.root / NOTE
    text = path.read_text(encoding="utf-8")

    unfilled = project.run("check")
    assert unfilled.returncode == 1
    assert f"{NOTE}:2: title: expected a value" in unfilled.stderr
    assert f"{NOTE}:5: published: expected a value" in unfilled.stderr

    path.write_text(fill_in(text), encoding="utf-8")
    checked = project.run("check")
    assert checked.returncode == 0, checked.stderr
    assert "OK: 1 notes, 1 figures" in checked.stdout


def test_every_field_is_in_place_with_a_comment(project):
    done = project.run("new", "--company", "acme-cloud", "--period", "2024Q4", "--source", "company-release")
    assert done.returncode == 0
    text = (project.root / NOTE).read_text(encoding="utf-8")
    front, body, _ = split_front_matter(text)
    data = yaml.safe_load(front)
    assert list(data) == [key for key in NOTE_FIELDS if key not in VIEW_FIELDS]  # a company states no view
    assert list(data["metrics"][0]) == list(FIGURE_FIELDS)
    assert (data["company"], data["period"], data["source"]) == ("acme-cloud", "2024Q4", "company-release")
    assert (data["kind"], data["language"]) == ("results-summary", "zh")  # a company release is summarised
    for line in front.splitlines():
        assert re.search(r"\S\s+# \S", line), f"no comment on {line!r}"
    assert "of Acme Cloud: public-cloud, industry-cloud" in front
    assert "核心观点" in body
    assert set(NOTE_HELP) == set(NOTE_FIELDS) and set(FIGURE_HELP) == set(FIGURE_FIELDS)


def test_a_broker_note_is_a_review_and_fiscal_periods_are_named(project):
    made = project.run("new", "--company", "Globex Data", "--period", "1HFY26", "--source", "everbright-securities")
    assert made.returncode == 0, made.stderr
    data = yaml.safe_load(split_front_matter((project.root / "notes/globex/FY2026H1-everbright-securities.md")
                                             .read_text(encoding="utf-8"))[0])
    assert (data["period"], data["kind"]) == ("FY2026H1", "earnings-review")
    assert list(data) == list(NOTE_FIELDS)  # with a broker's rating, target price and forecasts
    assert list(data["forecasts"][0]) == list(FORECAST_FIELDS)


def test_never_overwrites_a_note(project):
    args = ("new", "--company", "acme-cloud", "--period", "2024Q4", "--source", "company-release")
    assert project.run(*args).returncode == 0
    path = project.root / NOTE
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    again = project.run(*args)
    assert again.returncode == 1
    assert f"{NOTE} exists already" in again.stderr
    assert path.read_text(encoding="utf-8") == before


def test_without_a_terminal_the_options_are_required(project):
    result = project.run("new", "--company", "acme-cloud", stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "expected --company, --period and --source" in result.stderr
    assert "found no --period, --source" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((project.root / "notes").rglob("*.md"))


def test_wrong_answers_are_named(project):
    wrong = project.run("new", "--company", "acme-clod", "--period", "2024Q4", "--source", "company-release")
    assert wrong.returncode == 1
    assert ("--company: expected a company id, name or ticker from the registry (did you mean 'acme-cloud'?)"
            in wrong.stderr)
    period = project.run("new", "--company", "acme-cloud", "--period", "Q5 2024", "--source", "company-release")
    assert "--period: expected a quarter from 1 to 4; found 'Q5 2024'" in period.stderr
    kind = project.run("new", "--company", "acme-cloud", "--period", "2024Q4", "--source", "company-release",
                       "--kind", "rumour")
    assert "--kind: expected one of earnings-review, preview, call-digest, results-summary" in kind.stderr
    assert not list((project.root / "notes").rglob("*.md"))


def test_in_a_terminal_it_asks(project):
    """Answers typed at the prompts, one of them wrong at first, as a contributor would."""
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "research_digest.cli", "new"], cwd=project.root,
                               stdin=child, stdout=child, stderr=child, env=digest_env(), close_fds=True)
    os.close(child)
    seen = b""

    def wait_for(text: str) -> None:
        nonlocal seen
        wanted, deadline = text.encode(), time.monotonic() + 30
        while wanted not in seen:
            assert time.monotonic() < deadline, f"no {text!r}; seen {seen.decode(errors='replace')!r}"
            if select.select([main], [], [], 1)[0]:
                seen += os.read(main, 4096)
        seen = seen[seen.index(wanted) + len(wanted):]

    def answer_after(prompt: str, answer: str) -> None:
        wait_for(prompt)
        os.write(main, answer.encode() + b"\n")

    answer_after("Company", "Acme Clod")
    wait_for("did you mean 'acme-cloud'?")
    answer_after("Company", "艾克云")
    answer_after("Period", "2024年第四季度")
    answer_after("Source", "company-release")
    answer_after("Kind", "")  # the default the prompt shows
    answer_after("Language", "en")
    assert process.wait(timeout=60) == 0
    os.close(main)
    data = yaml.safe_load(split_front_matter((project.root / NOTE).read_text(encoding="utf-8"))[0])
    assert (data["company"], data["period"], data["kind"], data["language"]) == (
        "acme-cloud", "2024Q4", "results-summary", "en")
