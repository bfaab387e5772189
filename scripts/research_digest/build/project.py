"""Where a digest's inputs and outputs live: its folders, as mkdocs.yml places them.

The plugin's options in mkdocs.yml (`plugins: [research-digest: {notes: ..., ...}]`) name the input
folders and the cache, each relative to mkdocs.yml's folder; `Folders` holds their defaults, which
the plugin's own config reads too. MkDocs' `docs_dir` is the generated folder and `site_dir` the site.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from research_digest.model.site import DEFAULT_NAME

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "research-digest"  # the plugin's entry point in pyproject.toml, as mkdocs.yml names it
MKDOCS_DEFAULTS = {"docs_dir": "docs", "site_dir": "site"}  # MkDocs' own, where mkdocs.yml leaves them out


@dataclass(frozen=True)
class Folders:
    """The plugin's options: folders relative to mkdocs.yml's folder (or absolute)."""

    notes: str = "notes"
    registry: str = "registry"
    pages: str = "docs/pages"  # hand-written pages, copied into the generated folder as they are
    assets: str = "docs/assets"  # the project's own stylesheets, scripts and images, likewise
    cache: str = ".cache"


@dataclass(frozen=True)
class Project:
    """A digest's folders, as absolute paths below its root (where mkdocs.yml is)."""

    root: Path
    folders: Folders = field(default_factory=Folders)
    generated: str = "docs/generated"  # MkDocs' docs_dir: everything in it is made by the generator
    site: str = "site"  # MkDocs' site_dir
    name: str = DEFAULT_NAME  # MkDocs' site_name: heads the home page and titles the feeds
    description: str = ""  # MkDocs' site_description: the home page's first words
    site_url: str | None = None  # MkDocs' site_url: where the site is published, if mkdocs.yml says

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def notes_dir(self) -> Path:
        return self.root / self.folders.notes

    @property
    def registry_dir(self) -> Path:
        return self.root / self.folders.registry

    @property
    def pages_dir(self) -> Path:
        return self.root / self.folders.pages

    @property
    def assets_dir(self) -> Path:
        return self.root / self.folders.assets

    @property
    def generated_dir(self) -> Path:
        return self.root / self.generated

    @property
    def cache_dir(self) -> Path:
        return self.root / self.folders.cache

    @property
    def site_dir(self) -> Path:
        return self.root / self.site

    def __post_init__(self) -> None:
        """Refuse a generated folder that holds an input: the generator replaces everything in it,
        so a `docs_dir: docs` beside `docs/pages` would delete the pages."""
        for name in ("notes", "registry", "pages", "assets"):
            folder = self.root / getattr(self.folders, name)
            if folder == self.generated_dir or folder.is_relative_to(self.generated_dir):
                raise ProjectError(f"{self.config_file}: docs_dir: expected a folder of its own for the generated "
                                   f"pages (e.g. docs/generated), apart from the {name} folder; found {self.generated}")


class ProjectError(Exception):
    """mkdocs.yml does not describe a digest that can be built."""


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its folders and address alone: `!ENV` is read as MkDocs reads it (the publish
    workflow gives `site_url` that way); the other tags MkDocs and Material define (`!!python/name:` for
    emoji and the like) stand for values this reader has no use for."""


_SettingsLoader.add_multi_constructor("", lambda loader, tag, node: None)
_SettingsLoader.add_constructor("!ENV", construct_env_tag)


def read_project(root: Path) -> Project:
    """The project whose mkdocs.yml is in `root`, with the plugin's folders as mkdocs.yml sets them.

    A plain YAML read, cheaper than MkDocs' own (which loads the theme and every plugin): the commands
    that do not build (`digest check`, `digest new` ...) need the folders only."""
    path = root / CONFIG_FILE
    try:
        settings = yaml.load(path.read_text(encoding="utf-8"), Loader=_SettingsLoader) or {}
    except yaml.YAMLError as error:
        raise ProjectError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(settings, dict):
        raise ProjectError(f"{path}: expected the MkDocs settings (a mapping); found {type(settings).__name__}")
    options = plugin_options(settings.get("plugins"))
    known = {f.name for f in fields(Folders)}
    for name, value in options.items():
        if name not in known:
            raise ProjectError(f"{path}: plugins: {PLUGIN_NAME}: {name}: expected one of {', '.join(sorted(known))}")
        if not isinstance(value, str):
            raise ProjectError(f"{path}: plugins: {PLUGIN_NAME}: {name}: expected a folder; found {value!r}")
    generated, site = (str(settings.get(key) or default) for key, default in MKDOCS_DEFAULTS.items())
    site_url = settings.get("site_url")
    if site_url is not None and not isinstance(site_url, str):
        raise ProjectError(f"{path}: site_url: expected the site's address (https://...); found {site_url!r}")
    return Project(root, Folders(**options), generated, site, str(settings.get("site_name") or DEFAULT_NAME),
                   str(settings.get("site_description") or ""), site_url or None)


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The research-digest plugin's options from mkdocs.yml's `plugins:` (a list or a mapping)."""
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    else:  # a list of names, each alone or as a one-key mapping to its options
        entries = [next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
                   for item in plugins or ()]
    for name, options in entries:
        if name == PLUGIN_NAME:
            return options if isinstance(options, dict) else {}
    return {}


def copy_project(source: Path, root: Path, notes: bool = True) -> Project:
    """A project at `root` laid out like the one at `source`, to change and build without touching it.

    It has the same mkdocs.yml, hand-written docs (pages and any assets) and registry, the notes too
    unless `notes` is false, and an empty generated folder. The plugin comes from the installed package.
    """
    for name in (CONFIG_FILE, "pyproject.toml"):
        shutil.copy(source / name, root / name)
    for folder in ("registry", "docs", *(("notes",) if notes else ())):
        shutil.copytree(source / folder, root / folder, ignore=shutil.ignore_patterns("generated", ".generated-*"))
    copy = read_project(root)
    copy.generated_dir.mkdir()
    copy.notes_dir.mkdir(exist_ok=True)
    return copy
