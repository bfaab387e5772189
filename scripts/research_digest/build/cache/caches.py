"""One project's caches, held by whoever builds it: a one-off command makes a fresh `Caches` for its
build; the MkDocs plugin keeps one from each build to the next, so that the preview keeps parsed
notes, rendered pages and bodies, and each company's derived values and checks in memory.

Each build also reads these caches from the project's cache folder and saves them there (charts are
kept only there), so that the next process starts warm.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from research_digest.build.cache.pages import PageInputs, PageReuse
from research_digest.build.cache.store import (
    PACKAGE,
    DiskMemo,
    Saver,
    TextMemo,
    code_version,
    content_key,
    package_code,
    write_atomic,
)
from research_digest.load import body_html
from research_digest.load.notes import Note, load_note
from research_digest.load.problems import ProblemList
from research_digest.load.registry import Registry
from research_digest.model.site import PerCompany, Site

if TYPE_CHECKING:  # matplotlib: 1-2 s to import, which a rebuild with nothing changed skips
    from research_digest.charts.spec import Chart
    from research_digest.render.chart_plan import PlannedChart

T = TypeVar("T")

PAGE_LIBRARIES = ("markdown", "nh3", "pyyaml")


def _computed_with(registry_dir: Path, libraries: tuple[str, ...]) -> str:
    """The version of what reads the registries: this package's code, the registries, these libraries."""
    return code_version(*package_code(), *sorted(registry_dir.glob("*.yml")), libraries=libraries)


class NoteCache:
    """Parsed notes kept between runs: a note whose file has not changed is not parsed and validated again.

    Only notes that loaded without any problem are kept (a problem is reported on every run). The cache
    is discarded whenever the registries or any of this package's code change.
    """

    def __init__(self, saver: Saver) -> None:
        self.memo = DiskMemo(saver)
        self.keys: dict[Path, bytes] = {}  # note.path -> the key of the file it was loaded from, this run

    @contextmanager
    def kept_in(self, cache_dir: Path, registry_dir: Path) -> Iterator[None]:
        self.keys = {}
        with self.memo.kept_in(cache_dir / "notes.pickle", _computed_with(registry_dir, ("pyyaml",))):
            yield

    @property
    def version(self) -> str | None:
        """What the keys of this run hold under: the code and registries the notes were read with."""
        return self.memo.loaded[1] if self.memo.loaded else None

    def key(self, note: Note) -> bytes | None:
        """What a note was loaded from (its path and content), standing for all its fields: a digest
        that, under the same registries and code, is the same exactly when the note is."""
        return self.keys.get(note.path)

    def load_note(self, path: Path, root: Path, registry: Registry, problems: ProblemList,
                  now: dt.datetime) -> Note | None:
        key = content_key(str(path).encode("utf-8"), path.read_bytes())
        note = self.memo.get(key)
        if note is None:
            found = ProblemList()
            note = load_note(path, root, registry, found, now)
            problems.items += found.items
            if note is not None and not found.items:
                self.memo.put(key, note)
        if note is not None:
            self.keys[note.path] = key
        return note


class CompanyMemo:
    """What is computed from one company's notes alone (its implied values, its checks), kept in memory
    from one build to the next: an edit recomputes its own company only.

    A result is keyed by the company's notes, each by the key of the file it was loaded from
    (`NoteCache.key`), under the note cache's version. Notes not loaded through the cache have no
    key: their company is computed every time.
    """

    def __init__(self, notes: NoteCache) -> None:
        self.notes = notes
        self.kept: dict[tuple[str, str], tuple[bytes, object]] = {}  # (stage, company) -> (key, result)

    def of(self, site: Site) -> PerCompany:
        """The memo for this model's companies, as derive and checks take it."""
        return partial(self.result, site)

    def result(self, site: Site, stage: str, company: str, compute: Callable[[], T]) -> T:
        notes = site.by_company.get(company, [])
        keys = [key for note in notes if (key := self.notes.key(note)) is not None]
        if not notes or len(keys) < len(notes) or self.notes.version is None:
            return compute()
        key = content_key(self.notes.version.encode("utf-8"), *keys)
        found = self.kept.get((stage, company))
        if found is not None and found[0] == key:
            return found[1]  # type: ignore[return-value]
        result = compute()
        self.kept[(stage, company)] = (key, result)
        return result


@dataclass
class DrawStats:
    drawn: int  # SVGs drawn in this build (identical charts are drawn once)
    cached: int  # charts read from the cache


class ChartCache:
    """Charts drawn once: each SVG is kept in a folder under a key of its chart's data, the drawing
    code, matplotlib and the fonts text was measured with. A build draws only the charts whose key
    is new, and deletes the SVGs none of its charts uses."""

    def svgs(self, charts: dict[str, Chart], folder: Path) -> tuple[dict[str, bytes], DrawStats]:
        """SVGs for all charts by name: read from `folder` when there, else drawn and kept there."""
        from research_digest.charts.draw import METRIC_FONTS, draw_charts

        drawing = code_version(*sorted((PACKAGE / "charts").glob("*.py")), libraries=("matplotlib",))
        version = f"{drawing} {METRIC_FONTS}".encode()
        # A dataclass's repr names every field, floats exactly: a third of the cost of asdict + JSON.
        keys = {name: content_key(version, repr(chart).encode("utf-8")).hex() for name, chart in charts.items()}
        svgs: dict[str, bytes] = {}
        todo: dict[str, Chart] = {}
        for name, key in keys.items():
            try:
                svgs[name] = (folder / f"{key}.svg").read_bytes()
            except FileNotFoundError:
                todo.setdefault(key, charts[name])
        drawn = draw_charts(todo)
        for key, svg in drawn.items():
            write_atomic(folder / f"{key}.svg", svg)
        self.prune(folder, set(keys.values()))
        return ({name: svgs[name] if name in svgs else drawn[key] for name, key in keys.items()},
                DrawStats(drawn=len(drawn), cached=len(svgs)))

    @staticmethod
    def prune(folder: Path, keep: set[str]) -> None:
        """Delete the SVGs whose key is not in `keep`."""
        for path in folder.glob("*.svg"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)


class Caches:
    """Every cache of one project's builds (see the module's docstring)."""

    def __init__(self) -> None:
        self._saver = Saver()
        self.notes = NoteCache(self._saver)
        self.companies = CompanyMemo(self.notes)
        self.pages = DiskMemo(self._saver)
        # Bodies are rendered by body_html alone: a change elsewhere in the code keeps them.
        self.bodies = TextMemo(self._saver, body_html.clean_html,
                               code_version(Path(body_html.__file__), libraries=("markdown", "nh3")))
        self.charts = ChartCache()

    def defer_saving(self) -> None:
        """From now on, save the caches only when `save_deferred` is called (each file as the last
        build left it): a preview saves while the contributor reads the reloaded page."""
        self._saver.defer()

    def save_deferred(self) -> None:
        """Save what the builds since the last call left; safe to call from another thread while a build goes on."""
        self._saver.save_deferred()

    @contextmanager
    def reuse(self, cache_dir: Path, registry_dir: Path, site: Site,
              charts: dict[str, list[PlannedChart]], site_url: str | None = None) -> Iterator[PageReuse]:
        """What a render of `site` may reuse, from the pages and bodies of earlier builds (in memory,
        else saved in `cache_dir`); those it uses are saved afterwards."""
        with self.bodies.kept_in(cache_dir / "bodies.pickle"), \
                self.pages.kept_in(cache_dir / "pages.pickle", _computed_with(registry_dir, PAGE_LIBRARIES)):
            yield PageReuse(self.pages, PageInputs(site, charts, self.notes.key, site_url), self.bodies)
