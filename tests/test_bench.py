"""`digest bench`: every measure is reported, and a rebuild with no change rewrites nothing.

Speed is not asserted here (the benchmark command measures it); these check that it measures.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO, digest_env

KEYS = ["notes", "generator_cold_s", "generator_noop_s", "generator_one_edit_s", "mkdocs_build_s", "charts_cold",
        "charts_noop", "charts_one_edit", "files_rewritten_noop", "files_rewritten_one_edit", "site_bytes",
        "note_page_html_median_bytes", "search_download_bytes", "peak_rss_mb", "serve_edit_visible_s",
        "mkdocs_serve_edit_visible_s", "mkdocs_serve_dirty_edit_visible_s", "serve_edit_visible_max_s",
        "mkdocs_serve_edit_visible_max_s", "mkdocs_serve_dirty_edit_visible_max_s", "generator_cold_vs_mkdocs_build",
        "generator_noop_vs_mkdocs_build", "mkdocs_pages_s", "mkdocs_floor_s", "mkdocs_vs_floor", "build_cold_s"]


@pytest.mark.slow  # a whole benchmark, both preview servers included
def test_bench_reports_every_measure_as_one_json_object():
    result = subprocess.run([sys.executable, "-m", "research_digest.cli", "bench", "--notes", "30", "--json"],
                            cwd=REPO, capture_output=True, text=True, timeout=900, env=digest_env())
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1
    measured = json.loads(result.stdout)
    assert [key for key in KEYS if key not in measured] == []
    assert measured["notes"] == 30
    for key in ("generator_cold_s", "generator_noop_s", "generator_one_edit_s", "mkdocs_build_s", "mkdocs_pages_s",
                "mkdocs_floor_s",
                "build_cold_s", "serve_edit_visible_s", "mkdocs_serve_edit_visible_s",
                "mkdocs_serve_dirty_edit_visible_s", "peak_rss_mb"):
        assert 0 < measured[key] < 900, key
    for key in ("serve_edit_visible", "mkdocs_serve_edit_visible", "mkdocs_serve_dirty_edit_visible"):
        assert measured[f"{key}_s"] <= measured[f"{key}_max_s"], key  # the median of the edits, and the slowest
    assert measured["files_rewritten_noop"] == 0 and measured["charts_noop"] == 0
    assert 1 <= measured["files_rewritten_one_edit"] < measured["generated_files"] / 2
    assert 0 < measured["note_page_html_median_bytes"] < measured["site_bytes"]
    assert 0 < measured["search_download_bytes"] < measured["site_bytes"]
    assert measured["generator_noop_vs_mkdocs_build"] == round(
        measured["generator_noop_s"] / measured["mkdocs_build_s"], 4)
    # the real pages and the floor, built with the same settings: neither runs our plugin
    assert measured["mkdocs_vs_floor"] == round(measured["mkdocs_pages_s"] / measured["mkdocs_floor_s"], 4)
    assert "bench: mkdocs floor:" in result.stderr and "bench: digest build, cold:" in result.stderr
    assert "bench: generator cold" in result.stderr  # progress goes to stderr, the object alone to stdout


def test_bench_refuses_a_size_it_cannot_generate():
    result = subprocess.run([sys.executable, "-m", "research_digest.cli", "bench", "--notes", "0"],
                            cwd=REPO, capture_output=True, text=True, timeout=60, env=digest_env())
    assert result.returncode != 0
    assert "--notes must be between 1 and 20,000; found 0" in result.stderr
    assert "Traceback" not in result.stderr
