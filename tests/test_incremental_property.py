"""An incremental build writes what a clean build of the same notes writes, byte for byte, after any
sequence of edits, additions, renames and deletions.

Pages are reused by fingerprints written by hand (what each page reads of the notes and of the
values derived across them); an input a fingerprint misses leaves a stale page that nothing else
reports. So hypothesis draws sequences of changes to a fictional project and, after each, builds it
incrementally in one of the ways a contributor does (a preview that keeps its caches in memory,
saving them or not, a restarted preview that reads them from disk, a one-off `digest generate`)
and compares every generated file with a clean build of the same notes into another folder.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import FictionalProject
from research_digest.build.cache.caches import Caches
from research_digest.build.generate import Project, generate

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SEGMENTS = {"acme-cloud": ("public-cloud", "industry-cloud"), "globex": ("public-cloud",)}
PERIODS = ("2024Q2", "2024Q3", "2024Q4", "2025Q1")
SOURCES = {"company-release": "results-summary", "earnings-call": "call-digest",
           "everbright-securities": "earnings-review"}
TITLES = ("Revenue up on AI demand", "Margins under pressure", "收入增长，利润率承压", "A steady quarter")
BODIES = (
    "Revenue grew on AI demand.\n",
    "## Segments\n\nPublic cloud led; industry cloud lagged.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "公有云收入同比增长，行业云收入下降。\n",
    "See [the earlier review](2024Q3-company-release.md) for the start of the trend.\n",  # a link to a note
)
PUBLISHED = {"2024Q2": "2024-08", "2024Q3": "2024-11", "2024Q4": "2025-03", "2025Q1": "2025-05"}
BROKER = "everbright-securities"  # its notes carry a view: a rating, a target price, an estimate
RATING_SCALE = "  rating_scale: {买入: buy, 增持: outperform, 中性: hold}\n"


@dataclass
class FigureSpec:
    metric: str  # revenue (CNY mn) or gross-margin (%)
    segment: str | None
    value: float
    yoy: float | None = None
    qoq: float | None = None

    def yaml(self) -> str:
        lines = [f"  - metric: {self.metric}\n"]
        if self.segment:
            lines.append(f"    segment: {self.segment}\n")
        lines.append(f"    value: {self.value}\n")
        lines.append('    unit: "%"\n' if self.metric == "gross-margin" else "    unit: CNY mn\n")
        lines += [f"    {name}: {change}\n" for name, change in (("yoy", self.yoy), ("qoq", self.qoq))
                  if change is not None]
        return "".join(lines)


@dataclass
class NoteSpec:
    company: str
    period: str
    source: str
    day: int
    title: str = TITLES[0]
    body: str = BODIES[0]
    segments: tuple[str, ...] = ()
    figures: list[FigureSpec] = field(default_factory=list)
    rating: str = ""  # a broker's: 买入, 增持 or 中性
    target: float | None = None  # HKD
    estimate: tuple[str, float] | None = None  # (period, revenue in CNY mn)

    def view(self) -> str:
        lines = [f"rating: {{value: {self.rating}}}\n"] if self.rating else []
        if self.target is not None:
            lines.append(f"target_price: {{value: {self.target}, currency: HKD}}\n")
        if self.estimate:
            lines.append(f"forecasts:\n  - {{metric: revenue, period: {self.estimate[0]}, value: {self.estimate[1]}, "
                         "unit: CNY mn}\n")
        return "".join(lines)

    def text(self) -> str:
        front = (f"title: \"{self.company} {self.period}: {self.title}\"\ncompany: {self.company}\n"
                 f"period: {self.period}\npublished: {PUBLISHED[self.period]}-{self.day:02d} 09:00 +08:00\n"
                 f"source: {self.source}\nkind: {SOURCES[self.source]}\nlanguage: en\n"
                 f"segments: [{', '.join(self.segments)}]\n")
        metrics = "metrics:\n" + "".join(f.yaml() for f in self.figures) if self.figures else ""
        return f"---\n{front}{metrics}{self.view()}---\n{self.body}"


def new_note(company: str, period: str, source: str, day: int, base: float) -> NoteSpec:
    """A note stating total revenue (with its changes), revenue by segment and the gross margin."""
    segments = SEGMENTS[company]
    figures = [FigureSpec("revenue", None, base, yoy=12.0, qoq=4.0)]
    figures += [FigureSpec("revenue", segment, round(base / len(segments), 1)) for segment in segments]
    figures.append(FigureSpec("gross-margin", None, 30.0, yoy=1.5))
    note = NoteSpec(company, period, source, day, segments=segments[:1], figures=figures)
    if source == BROKER:  # and an estimate of the next period's revenue
        following = PERIODS[(PERIODS.index(period) + 1) % len(PERIODS)]
        note.rating, note.target, note.estimate = "增持", 10.0, (following, round(base * 1.1, 1))
    return note


def start() -> dict[str, NoteSpec]:
    """File (below notes/) -> note: two companies, neighbouring quarters, two sources for one quarter."""
    return {
        "acme-cloud/2024Q3-company-release.md": new_note("acme-cloud", "2024Q3", "company-release", 20, 1100.0),
        "acme-cloud/2024Q4-company-release.md": new_note("acme-cloud", "2024Q4", "company-release", 20, 1200.0),
        "acme-cloud/2024Q4-earnings-call.md": new_note("acme-cloud", "2024Q4", "earnings-call", 21, 1200.0),
        "globex/2024Q4-company-release.md": new_note("globex", "2024Q4", "company-release", 20, 800.0),
        f"acme-cloud/2024Q3-{BROKER}.md": new_note("acme-cloud", "2024Q3", BROKER, 25, 1100.0),
    }


# --- changes: each a tuple that hypothesis prints; indexes are taken modulo what there is ----------

index = st.integers(0, 15)
CHANGES = st.one_of(
    st.tuples(st.just("value"), index, index, st.sampled_from([700.0, 950.5, 1100.0, 1250.0, 30.0, 45.5])),
    st.tuples(st.just("change"), index, index, st.sampled_from(["yoy", "qoq"]),
              st.sampled_from([None, -5.0, 4.0, 12.0, 25.0])),
    st.tuples(st.just("title"), index, st.sampled_from(TITLES)),
    st.tuples(st.just("body"), index, st.sampled_from(BODIES)),
    st.tuples(st.just("published"), index, st.integers(1, 28)),
    st.tuples(st.just("figure segment"), index, index, index),
    st.tuples(st.just("note segments"), index, st.integers(0, 2)),
    st.tuples(st.just("add"), st.sampled_from(sorted(SEGMENTS)), st.sampled_from(PERIODS),
              st.sampled_from(sorted(SOURCES)), st.integers(1, 28), st.sampled_from([600.0, 1000.0, 1300.0])),
    st.tuples(st.just("rename"), index, st.sampled_from(PERIODS)),
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("rating"), index, st.sampled_from(["", "买入", "增持", "中性"])),
    st.tuples(st.just("target"), index, st.sampled_from([None, 9.5, 10.0, 12.0])),
    st.tuples(st.just("estimate"), index, st.sampled_from(PERIODS), st.sampled_from([1000.0, 1250.0, 1500.0])),
)
# How each step is built: by a preview that keeps its caches in memory (and saves them to disk after
# the build, or is stopped by the next change before it does), by a preview started again (caches
# read from disk), or by a one-off `digest generate` beside the running preview.
BUILDS = st.sampled_from(["serve", "serve, not saved", "restart", "generate"])


def apply(notes: dict[str, NoteSpec], change: tuple) -> None:
    """Apply one change to `notes` (file -> note); a change with nothing to act on does nothing."""
    kind, *args = change
    if kind == "add":
        company, period, source, day, base = args
        if not any((n.company, n.period, n.source) == (company, period, source) for n in notes.values()):
            notes[f"{company}/{period}-{source}.md"] = new_note(company, period, source, day, base)
        return
    if not notes:
        return
    name = sorted(notes)[args[0] % len(notes)]
    note = notes[name]
    figure = note.figures[args[1] % len(note.figures)] if note.figures and kind in (
        "value", "change", "figure segment") else None
    if kind == "value" and figure:
        figure.value = args[2] if (args[2] > 100) == (figure.metric == "revenue") else figure.value
    elif kind == "change" and figure:
        setattr(figure, args[2], args[3])
    elif kind == "title":
        note.title = args[1]
    elif kind == "body":
        note.body = args[1]
    elif kind == "published":
        note.day = args[1]
    elif kind == "figure segment" and figure and figure.metric == "revenue":
        choices = (None, *SEGMENTS[note.company])
        figure.segment = choices[args[2] % len(choices)]
    elif kind == "note segments":
        note.segments = SEGMENTS[note.company][:args[1]]
    elif kind == "rename":  # to another file, and to another period unless that one is taken
        del notes[name]
        taken = any((n.company, n.period, n.source) == (note.company, args[1], note.source) for n in notes.values())
        moved = note if taken else replace(note, period=args[1])
        notes[f"{moved.company}/{moved.period}-{moved.source}-renamed-{len(notes)}.md"] = moved
    elif kind == "delete":
        del notes[name]
    elif note.source == BROKER and kind == "rating":
        note.rating = args[1]
    elif note.source == BROKER and kind == "target":
        note.target = args[1]
    elif note.source == BROKER and kind == "estimate":
        note.estimate = (args[1], args[2])


def write(notes_dir: Path, notes: dict[str, NoteSpec]) -> None:
    """Make `notes_dir` hold exactly `notes`, rewriting only the files whose text changed (as an editor saves)."""
    for path in notes_dir.rglob("*.md"):
        if path.relative_to(notes_dir).as_posix() not in notes:
            path.unlink()
    for name, note in notes.items():
        path = notes_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != note.text():
            path.write_text(note.text(), encoding="utf-8")


def generated(root: Path) -> dict[str, bytes]:
    folder = root / "docs" / "generated"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build(root: Path, caches: Caches | None = None) -> None:
    generate(Project(root), now=NOW, caches=caches)


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path, Path, Path]:
    """The project changed and built incrementally; a copy of it built from the starting notes, which
    each example starts from (in the same folder: the note cache knows a file by its path); a project
    for the clean builds; and a chart cache the clean builds share, so that they need not draw every
    chart again (an SVG is a pure function of its key: the chart's data, the drawing code, matplotlib
    and the fonts)."""
    folder = tmp_path_factory.mktemp("incremental-property")
    work, started, clean, charts = (folder / name for name in ("work", "started", "clean", "clean-charts"))
    for root in (work, clean):
        root.mkdir()
        FictionalProject(root)
        sources = root / "registry" / "sources.yml"
        sources.write_text(sources.read_text(encoding="utf-8").replace(
            f"- id: {BROKER}\n", f"- id: {BROKER}\n{RATING_SCALE}"), encoding="utf-8")
    write(work / "notes", start())
    build(work)
    shutil.copytree(work, started, symlinks=True)
    charts.mkdir()
    return work, started, clean, charts


def clean_build(work: Path, clean: Path, charts: Path) -> dict[str, bytes]:
    """What a first build of `work`'s notes writes, in the project `clean`."""
    for folder in (clean / "notes", clean / ".cache", clean / "docs" / "generated"):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(work / "notes", clean / "notes")
    (clean / "docs" / "generated").mkdir()
    shutil.copytree(charts, clean / ".cache" / "charts")
    build(clean)
    shutil.copytree(clean / ".cache" / "charts", charts, dirs_exist_ok=True)
    return generated(clean)


# Not shrunk: each example builds twice per step, so shrinking a failure took over five minutes; a
# failing sequence has six steps at most, and the message names the step and the files that differ.
@pytest.mark.slow
@settings(max_examples=25, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(steps=st.lists(st.tuples(CHANGES, BUILDS), min_size=1, max_size=6))
def test_an_incremental_build_equals_a_clean_build_after_any_changes(folders, steps):
    work, started, clean, charts = folders
    shutil.rmtree(work)
    shutil.copytree(started, work, symlinks=True)
    notes = start()
    preview = Caches()  # a preview started on the project as its last build left it
    preview.defer_saving()
    for change, how in steps:
        apply(notes, change)
        write(work / "notes", notes)
        if how == "restart":
            preview = Caches()
            preview.defer_saving()
        if how == "generate":
            build(work)
        else:
            build(work, preview)
            if how != "serve, not saved":
                preview.save_deferred()
        incremental, first = generated(work), clean_build(work, clean, charts)
        stale = sorted(path for path in incremental.keys() | first.keys()
                       if incremental.get(path) != first.get(path))
        assert not stale, f"after {change} ({how}), these differ from a clean build: {stale}"
