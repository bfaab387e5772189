"""The MkDocs plugin, as MkDocs drives it: its folders come from mkdocs.yml, and its state belongs to
its instance, so that two digests built in one process do not mix."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection

from conftest import FictionalProject
from research_digest.build.project import PLUGIN_NAME, read_project
from research_digest.plugin.plugin import DigestPlugin

ACME_PAGE = "notes/acme-cloud/2024Q4-company-release-results-summary/index.html"
GLOBEX_PAGE = "notes/globex/2024Q4-company-release-results-summary/index.html"


def config_with(project: FictionalProject, plugin: DigestPlugin, site_dir: Path) -> MkDocsConfig:
    """The project's MkDocs settings, with `plugin` as its research-digest plugin. (MkDocs itself keeps
    one instance of a plugin per process, across every build, as `mkdocs serve` needs.)"""
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site_dir))
    plugin.load_config({}, config.config_file_path)
    plugins = PluginCollection()
    for name, each in config.plugins.items():
        plugins[name] = plugin if name == PLUGIN_NAME else each
    config["plugins"] = plugins
    return config


def test_two_digests_built_in_one_process_keep_their_own_state(tmp_path):
    """Dirty builds (`mkdocs build --dirty`, as under `digest serve`): each plugin removes the pages of
    its own digest's deleted notes, and one's staging folder for `digest build` is not the other's."""
    (tmp_path / "first").mkdir(), (tmp_path / "second").mkdir()
    first, second = FictionalProject(tmp_path / "first"), FictionalProject(tmp_path / "second")
    first.note()
    first.note("globex/2024Q4-company-release.md", company="globex", title='"Globex Data 4Q24: steady"')
    second.note()
    plugins = DigestPlugin(), DigestPlugin()
    for plugin in plugins:
        plugin.on_startup(command="build", dirty=True)
    sites = tmp_path / "first-site", tmp_path / "second-site"
    build(config_with(first, plugins[0], sites[0]), dirty=True)
    staging = tmp_path / "staging"
    staging.mkdir()
    plugins[1].generate_into(staging)
    build(config_with(second, plugins[1], sites[1]), dirty=True)
    assert (staging / "index.md").is_file() and not (second.root / "docs" / "generated" / "index.md").exists()

    (first.root / "notes" / "globex" / "2024Q4-company-release.md").unlink()
    build(config_with(first, plugins[0], sites[0]), dirty=True)
    assert not (sites[0] / GLOBEX_PAGE).exists()
    assert (sites[0] / ACME_PAGE).is_file() and (sites[1] / ACME_PAGE).is_file()
    assert (first.root / "docs" / "generated" / "index.md").is_file()  # the other plugin's staging was its own


def test_the_folders_come_from_the_plugins_options_in_mkdocs_yml(project):
    """Notes elsewhere than notes/: the plugin and the `digest` commands both find them."""
    settings = project.root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  - research-digest\n", "  - research-digest:\n      notes: research/notes\n"),
                        encoding="utf-8")
    project.note()
    (project.root / "notes").rename(project.root / "research-notes-tmp")
    (project.root / "research").mkdir()
    (project.root / "research-notes-tmp").rename(project.root / "research" / "notes")
    assert read_project(project.root).notes_dir == project.root / "research" / "notes"
    checked = project.run("check")
    assert checked.returncode == 0 and "OK: 1 notes" in checked.stdout, checked.stderr
    built = project.run("build")
    assert built.returncode == 0, built.stderr
    assert (project.root / "site" / ACME_PAGE).is_file()


def test_a_generated_folder_that_would_hold_the_pages_is_refused(project):
    settings = project.root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("docs_dir: docs/generated", "docs_dir: docs"),
                        encoding="utf-8")
    result = project.run("check")
    assert result.returncode == 1
    assert "docs_dir: expected a folder of its own for the generated pages (e.g. docs/generated), apart from " \
           "the pages folder; found docs" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project.root / "docs" / "pages" / "writing-a-note.md").is_file()


def test_a_site_without_directory_urls_is_refused_before_anything_is_built(project):
    """The generated pages link to each other by MkDocs' directory URLs, which it does not rewrite."""
    settings = project.root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    project.note()
    result = project.run("build")
    assert result.returncode == 1
    assert "use_directory_urls: expected true" in result.stderr and "found false" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()
