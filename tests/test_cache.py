"""The build's caches: charts drawn once and pruned, and caches a preview saves only when told to,
from which the next process starts."""

from __future__ import annotations

import pytest

import research_digest.build.cache.caches as caches_module
from research_digest.build.cache.caches import Caches, ChartCache
from research_digest.build.generate import generate, load
from research_digest.build.project import Project
from test_charts import growth_ranking, revenue_chart, segment_chart, texts


def test_a_rebuild_draws_nothing_and_a_changed_value_redraws_only_its_chart(tmp_path):
    cache = tmp_path / "cache"
    sets = {"revenue": revenue_chart(), "segments": segment_chart(), "ranking": growth_ranking()}
    first, stats = ChartCache().svgs(sets, cache)
    assert (stats.drawn, stats.cached) == (3, 0)
    files = {p: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(files) == 3

    again, stats = ChartCache().svgs(sets, cache)
    assert (stats.drawn, stats.cached) == (0, 3)
    assert again == first
    assert {p: p.stat().st_mtime_ns for p in cache.iterdir()} == files  # nothing rewritten

    edited = dict(sets, ranking=growth_ranking((24.1, 14.0, None, -8.5)))
    after, stats = ChartCache().svgs(edited, cache)
    assert (stats.drawn, stats.cached) == (1, 2)
    assert [name for name in sets if after[name] != first[name]] == ["ranking"]
    assert "14.0" in texts(after["ranking"])


def test_a_build_deletes_the_charts_none_of_its_charts_uses(tmp_path):
    old, new = growth_ranking(), growth_ranking((1.0, 2.0, 3.0, 4.0))
    ChartCache().svgs({"a": old, "b": new}, tmp_path)
    svgs, stats = ChartCache().svgs({"b": new}, tmp_path)
    assert (stats.drawn, stats.cached) == (0, 1)
    assert [p.read_bytes() for p in tmp_path.iterdir()] == [svgs["b"]]


def test_a_preview_saves_its_caches_when_told_and_the_next_process_starts_from_them(project, monkeypatch):
    project.note()
    cache_dir = project.root / ".cache"
    preview = Caches()
    preview.defer_saving()
    generate(Project(project.root), caches=preview)
    assert not list(cache_dir.glob("*.pickle")), "saved while the contributor waits for the reload"
    preview.save_deferred()
    assert {p.name for p in cache_dir.glob("*.pickle")} == {"notes.pickle", "pages.pickle", "bodies.pickle"}

    def parse_again(*args):
        pytest.fail("a note saved by the preview was parsed again")

    monkeypatch.setattr(caches_module, "load_note", parse_again)
    loaded = load(Project(project.root), caches=Caches())
    assert [note.title for note in loaded.site.notes] == ["Acme Cloud 4Q24: revenue up on AI demand"]
