"""The generator: notes and registries in, the generated docs folder out.

    registry/ + notes/  ->  load and validate  ->  model  ->  render  ->  docs/generated/

This is the standalone step: `digest generate` runs it alone (what a plugin-less MkDocs successor
needs), the MkDocs plugin runs it before every build and `serve` reload, and `digest build` runs it
and then MkDocs. What it keeps from one run to the next is in a `Caches` (`build.cache.caches`): a
fresh one for each call unless the caller keeps one, as the preview does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from research_digest.build.cache.caches import Caches
from research_digest.build.cache.stamp import Record, folder_stamp, input_stamp, last_run, save_run
from research_digest.build.project import Project
from research_digest.build.publish import PublishStats, assemble, publish
from research_digest.load.notes import load_notes
from research_digest.load.problems import BuildFailed, Problem, ProblemList
from research_digest.load.registry import load_registry
from research_digest.model.checks import run_checks
from research_digest.model.derive import add_implied, derive
from research_digest.model.estimates import gather as gather_estimates
from research_digest.model.site import Site, build_site

JIEBA_USER_DICT = ".jieba-user-dict.txt"  # dot file: MkDocs does not copy it into the site


@dataclass
class Loaded:
    site: Site
    problems: ProblemList


@dataclass
class Generated:
    site: Site
    warnings: list[Problem]
    files: int
    published: PublishStats
    extra: dict[str, int] = field(default_factory=dict)  # counters from later stages, e.g. charts drawn


def load(project: Project, now: dt.datetime | None = None, caches: Caches | None = None) -> Loaded:
    """Read and validate everything; the problems found come back with the model of what is valid."""
    caches = caches or Caches()
    problems = ProblemList()
    registry = load_registry(project.registry_dir, problems)
    with caches.notes.kept_in(project.cache_dir, project.registry_dir):
        notes = load_notes(project.root, project.notes_dir, registry, problems, now, caches.notes.load_note)
    site = build_site(registry, notes, project.name, project.description)
    per_company = caches.companies.of(site)
    implied = derive(site, per_company)
    add_implied(site, implied)
    site.checks = run_checks(site, implied, per_company)
    site.estimates = gather_estimates(site)
    for problem in (*site.checks.problems(), *site.estimates.problems()):  # conflicts, late estimates: warnings
        problems.add(problem)
    return Loaded(site, problems)


def check(loaded: Loaded, strict: bool = False) -> None:
    """Raise BuildFailed when there are errors (or, under `strict`, warnings)."""
    failing = loaded.problems.items if strict else loaded.problems.errors
    if failing:
        raise BuildFailed(sorted(failing, key=lambda p: (str(p.path), p.line, p.field)))


@dataclass
class Rendered:
    """What a render took from earlier builds and what it did anew: the build's report says it."""

    pages_reused: int
    charts_drawn: int


def render(project: Project, site: Site, caches: Caches) -> tuple[dict[str, bytes], Rendered]:
    """Every file of the generated docs folder, in memory, and what was reused and drawn."""
    # Imported here: matplotlib takes 1-2 s to import, which a rebuild with nothing changed skips.
    from research_digest.render.chart_plan import plan_charts
    from research_digest.render.checks_page import checks_page
    from research_digest.render.data_files import data_files
    from research_digest.render.feeds import feed_files
    from research_digest.render.pages import render_pages
    from research_digest.render.search import SEARCH_NAMES, jieba_user_dict, search_names

    plan = plan_charts(site)
    charts = {planned.path: planned.chart for page in plan.values() for planned in page}
    svgs, drawn = caches.charts.svgs(charts, project.cache_dir / "charts")
    with caches.reuse(project.cache_dir, project.registry_dir, site, plan, project.site_url) as reuse:
        files: dict[str, bytes] = {path: markdown.encode("utf-8")
                                   for path, markdown in (*render_pages(site, plan, reuse), checks_page(site))}
        files.update(feed_files(site, project.site_url, reuse))  # feeds quote bodies too: within the cache of bodies
        files.update(data_files(site, reuse))
    files.update(svgs)
    for folder, prefix in ((project.pages_dir, ""), (project.assets_dir, "assets/")):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                files[prefix + path.relative_to(folder).as_posix()] = path.read_bytes()
    files[JIEBA_USER_DICT] = jieba_user_dict(site.registry).encode("utf-8")
    files[SEARCH_NAMES] = search_names(site).encode("utf-8")
    files[".gitkeep"] = b""
    return files, Rendered(reuse.reused, drawn.drawn)


def generate(project: Project, strict: bool = False, now: dt.datetime | None = None,
             into: Path | None = None, caches: Caches | None = None) -> Generated:
    """Validate, render and publish; raises BuildFailed, leaving the previous output untouched.

    With `into`, the generated folder is only assembled there, for `digest build` to put in place
    once MkDocs has built the site from it. `caches`: what earlier builds kept (none: a fresh one).
    """
    caches = caches or Caches()
    inputs = input_stamp(project.notes_dir, project.registry_dir, project.pages_dir, project.assets_dir,
                         settings=f"{project.name}\n{project.description}\n{project.site_url or ''}")
    loaded = load(project, now, caches)
    check(loaded, strict)
    record, last = project.cache_dir / "generated.json", last_run(project.cache_dir / "generated.json")
    output = folder_stamp(project.generated_dir)
    if into is None and last and last.inputs == inputs and last.output == output:
        return Generated(loaded.site, loaded.problems.warnings, last.files, PublishStats(0, 0, last.files),
                         {"charts drawn": 0})
    files, rendered = render(project, loaded.site, caches)
    # Files changed by hand since the last run: compare with what is on disk, not with the manifest.
    verify = not last or last.output != output
    if into is None:
        stats = publish(files, project.generated_dir, verify)
        save_run(record, Record(inputs, folder_stamp(project.generated_dir), len(files)))
    else:
        stats = assemble(files, project.generated_dir, into, verify)
    return Generated(loaded.site, loaded.problems.warnings, len(files), stats,
                     {"pages reused": rendered.pages_reused, "charts drawn": rendered.charts_drawn})

