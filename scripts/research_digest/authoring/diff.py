"""`digest diff BASE`: what a change does to the data, as a Markdown summary for a pull request.

The notes and registries at git revision BASE are unpacked (`git archive`) into a temporary folder
and loaded exactly like the working tree's; the figures of the two are then compared one by one.
"""

from __future__ import annotations

import html
import io
import subprocess
import tarfile
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from research_digest.build.generate import Loaded, load
from research_digest.build.project import Project
from research_digest.model.site import SeriesKey, Site, Stated
from research_digest.render.cells import metric_label
from research_digest.render.markup import text

INPUTS = ("notes", "registry")  # what the data depends on, relative to the project root


class DiffError(Exception):
    def __init__(self, expected: str, found: str):
        super().__init__(f"expected {expected}; found {found}")


@dataclass(frozen=True)
class FigureKey:
    """One figure as one note states it: the same key on both sides is the same figure."""

    company: str
    period: str
    series: SeriesKey
    qualifier: str
    source: str
    kind: str
    repeat: int  # the second statement of the same figure in one note is another figure


@dataclass(frozen=True)
class FigureChange:
    """A figure added, removed or changed between the two revisions."""

    key: FigureKey
    before: Stated | None
    after: Stated | None

    @property
    def what(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


def says(stated: Stated) -> str:
    """What a figure states: its value, YoY and QoQ."""
    figure = stated.figure
    value = [f"{figure.shown_value()} {figure.unit}"] if figure.value is not None else []
    return html.escape(", ".join(value + figure.changes()))  # our own numbers: nothing to make inert but < and &


def same(before: Stated, after: Stated) -> bool:
    """Whether a figure says the same on both sides (its note and line may have changed)."""
    a, b = before.figure, after.figure
    return a.shown_value() == b.shown_value() and (a.value, a.unit, a.yoy, a.qoq) == (b.value, b.unit, b.yoy, b.qoq)


def figures(site: Site) -> dict[FigureKey, Stated]:
    found: dict[FigureKey, Stated] = {}
    for note in site.notes:
        seen: Counter = Counter()
        for figure in note.figures:
            series = SeriesKey.of(note, figure)
            base = (note.company, figure.period.label, series, figure.note, note.source, note.kind)
            seen[base] += 1
            found[FigureKey(*base, seen[base])] = Stated(figure, note)
    return found


def compare(before: Site, after: Site) -> list[FigureChange]:
    old, new = figures(before), figures(after)
    changes = [FigureChange(key, old.get(key), new.get(key)) for key in {**old, **new}
               if key not in old or key not in new or not same(old[key], new[key])]
    return changes


def git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False, timeout=120)
    except FileNotFoundError:
        raise DiffError("git on the PATH", "no git command") from None
    if done.returncode != 0:
        raise DiffError(f"'git {' '.join(args)}' to succeed", done.stderr.decode(errors="replace").strip())
    return done.stdout


def checkout(root: Path, base: str, into: Path) -> Project:
    """The project's notes and registries at revision `base`, unpacked into `into`."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except DiffError:
        raise DiffError("a git revision such as origin/main, HEAD~1 or a commit id", repr(base)) from None
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    top = Path(git(root, "rev-parse", "--show-toplevel").decode().strip())  # path arguments are read from here
    tree = f"{base}:{prefix}"
    present = set(git(top, "ls-tree", "--name-only", tree).decode().split("\n"))
    wanted = [name for name in INPUTS if name in present]
    if wanted:
        archive = git(top, "archive", "--format=tar", tree, *wanted)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
    return Project(into)


def summary(base: str, before: Loaded, after: Loaded) -> str:
    site = after.site
    changes = compare(before.site, after.site)
    counts = Counter(change.what for change in changes)
    lines = ["## Data changes", "",
             f"Against `{base}`: {counts['added']} figure(s) added, {counts['changed']} changed, "
             f"{counts['removed']} removed."]
    for side, loaded in (("this change", after), (f"`{base}`", before)):
        if errors := len(loaded.problems.errors):
            lines.append(f"\n**{errors} error(s) in the notes of {side}**: their figures are left out; "
                         "run `digest check`.")
    if new := new_conflicts(before.site, site):
        lines += ["", f"**{len(new)} new conflict(s)** between figures (see the Data checks page):", ""]
        lines += [f"- {text(conflict)}" for conflict in new]
    groups: dict[tuple[str, str], list[FigureChange]] = defaultdict(list)
    for change in changes:
        groups[(change.key.company, change.key.period)].append(change)
    periods = {**{k.period: s.figure.period for k, s in figures(before.site).items()},
               **{k.period: s.figure.period for k, s in figures(site).items()}}
    for company, period in sorted(groups, key=lambda g: (g[0], periods[g[1]].sort_key)):
        name = site.registry.companies[company].display if company in site.registry.companies else company
        rows = [[change.what, metric_label_or_id(site, change.key), text(change.key.qualifier),
                 source_name(site, change.key.source), says(change.before) if change.before else "–",
                 says(change.after) if change.after else "–"]
                for change in sorted(groups[(company, period)], key=lambda c: (c.what, str(c.key)))]
        lines += ["", f"### {text(name)} · {period}", "",
                  markdown_table(["", "figure", "note", "source", "before", "after"], rows)]
    return "\n".join(lines) + "\n"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, as a pull request's summary shows it; cells are already escaped."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    return "\n".join(lines + ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows])


def new_conflicts(before: Site, after: Site) -> list[str]:
    """Data-check warnings that the change brings: in `after` and not in `before`."""
    def said(site: Site) -> list[str]:
        return [problem.format() for problem in site.checks.problems()] if site.checks else []
    old = set(said(before))
    return [line for line in said(after) if line not in old]


def metric_label_or_id(site: Site, key: FigureKey) -> str:
    series = key.series
    known = series.metric in site.registry.metrics and (series.segment in site.registry.segments or not series.segment)
    return metric_label(site, series) if known else text(f"{series.metric} {series.segment or ''}".strip())


def source_name(site: Site, source: str) -> str:
    return text(site.registry.sources[source].name_en if source in site.registry.sources else source)


def diff(project: Project, base: str) -> str:
    """The Markdown summary of the figures at revision `base` against the working tree."""
    with tempfile.TemporaryDirectory(prefix="digest-diff-") as folder:
        before = load(checkout(project.root, base, Path(folder)))
    return summary(base, before, load(project))
