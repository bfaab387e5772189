"""The MkDocs plugin (`plugins: [search, research-digest]`): run the generator before every build and
every `mkdocs serve` reload, and index the notes for full-text search (Pagefind) after it.

All the work is in `research_digest.build.generate`, which `digest generate` runs without MkDocs.
The plugin also brings the site's theme additions (`theme/`: the feed links in the page head, the
stylesheets and the notes' search script), so a digest's own folder holds no code.

Serving (`mkdocs serve`, or `digest serve`, which is `mkdocs serve --dirty`) it keeps the preview fast:

- under `--dirty`, MkDocs renders only the pages whose Markdown the generator rewrote, which are
  exactly the pages a change reaches (the generator writes a file only when its bytes change);
  `research_digest.plugin.dirty` then mends the search index and removes the pages of deleted notes;
  a changed mkdocs.yml (navigation, theme) empties the site folder, so that every page is rendered;
- the generated folder is not watched (the generator writes it during each build, from the watched
  notes, registries and pages, which the plugin watches);
- Pagefind indexes in the background, stopped by the next rebuild, and the caches are saved after
  it rather than during the build;
- the theme's templates stay compiled between builds (`TemplateCache`), and what the first build
  leaves in memory is frozen for the garbage collector, which would otherwise walk it in every rebuild.
"""

from __future__ import annotations

import gc
import logging
import shutil
import threading
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority

from research_digest.build.cache.caches import Caches
from research_digest.build.fulltext import BackgroundIndexing, FulltextError, index_notes
from research_digest.build.generate import JIEBA_USER_DICT, generate
from research_digest.build.project import Folders, Project, ProjectError
from research_digest.build.report import describe, problem_lines
from research_digest.load.problems import BuildFailed
from research_digest.plugin.dirty import DirtyBuild
from research_digest.plugin.templates import TemplateCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.research_digest")

THEME_DIR = Path(__file__).resolve().parent / "theme"
EXTRA_CSS = ["assets/extra.css", "assets/notes-search.css"]  # in THEME_DIR
EXTRA_JAVASCRIPT = ["assets/notes-search.js", "assets/scrolling-tables.js"]


class DigestConfig(base.Config):
    """The plugin's options: its folders, relative to mkdocs.yml's folder (defaults in `Folders`)."""

    notes = c.Type(str, default=Folders.notes)
    registry = c.Type(str, default=Folders.registry)
    pages = c.Type(str, default=Folders.pages)
    assets = c.Type(str, default=Folders.assets)
    cache = c.Type(str, default=Folders.cache)


class _DirtyBuildWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave links and navigation wrong: the generator
    rewrites every page a change reaches, the navigation is fixed in mkdocs.yml, and the rest is mended."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class DigestPlugin(BasePlugin[DigestConfig]):
    """MkDocs keeps one instance per process, from `on_startup` to `on_shutdown` across every rebuild
    of `mkdocs serve`: what one session learns lives here, and starts afresh with the next session."""

    def __init__(self) -> None:
        self.serving = False  # under `mkdocs serve`
        self.dirty = False  # MkDocs renders only the pages whose Markdown changed
        self.mends = DirtyBuild()
        self.templates = TemplateCache()
        self.indexing = BackgroundIndexing()
        self.caches = Caches()  # what one build keeps for the next: parsed notes, pages, charts
        self.warning_filter = _DirtyBuildWarning()
        self.staging: Path | None = None  # `digest build`'s generated folder, for its next build only
        self.settings_built: int | None = None  # mkdocs.yml's modification time at the last build
        self.builds = 0  # complete builds this session

    def generate_into(self, folder: Path) -> None:
        """`digest build`: generate into `folder`, which MkDocs then reads as its docs_dir, rather than
        into the project's generated folder, which `digest build` replaces once the site is complete."""
        self.staging = folder

    def project(self, config: MkDocsConfig) -> Project:
        folders = Folders(**{option.name: self.config[option.name] for option in fields(Folders)})
        try:
            return Project(Path(config.config_file_path).parent, folders, config.docs_dir, config.site_dir,
                           config.site_name, config.site_description or "", config.site_url or None)
        except ProjectError as error:
            raise Abort(str(error)) from None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.dirty = command == "serve", dirty
        self.mends, self.settings_built, self.builds, self.caches = DirtyBuild(), None, 0, Caches()
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its "Building prefix dict" chatter on every build
        if self.serving:
            self.caches.defer_saving()  # saved after Pagefind's indexing, while the contributor reads
            # Matplotlib and the page code take a second or two to import; the first build usually finds
            # nothing changed and skips rendering, so the contributor's first edit would wait for them.
            threading.Thread(target=_import_rendering, daemon=True).start()
        if self.serving and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(self.warning_filter)

    @event_priority(100)  # before the search plugin reads the jieba dictionary the generator writes
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:  # a newer site is about to be generated: its own indexing follows it
            self.indexing.cancel()
        if not config.use_directory_urls:  # the generated pages link to MkDocs' directory URLs (render.paths)
            raise Abort(f"{config.config_file_path}: use_directory_urls: expected true (the research-digest "
                        "plugin links its pages by directory URLs); found false")
        project = self.project(config)
        into, self.staging = self.staging, None
        try:
            result = generate(project, into=into, caches=self.caches)
        except BuildFailed as failed:
            problems = problem_lines(failed.problems, project.root)
            if not (self.serving and self.builds):
                raise Abort("\n".join(problems)) from None
            # The generated folder is as the last build left it: MkDocs builds the same site again, and
            # the browser, which waits for a successful build, reloads it rather than hang.
            for line in problems:
                log.error(line)
            log.error("The preview shows the site as it was; save again once this is fixed.")
        else:
            for line in problem_lines(result.warnings, project.root):
                log.warning(line)
            log.info(describe(result))
        if into is not None:
            config.docs_dir = str(into)
        search = config.plugins.get("material/search")
        if search is not None and search.config.jieba_dict_user:
            search.config.jieba_dict_user = str(Path(config.docs_dir) / JIEBA_USER_DICT)  # the one just written
        add_theme(config)
        return config

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
        # The generator writes docs_dir during each build, from the notes, registries and pages: watching
        # it would start a second, useless build after every one. Those inputs are watched instead.
        server.unwatch(config.docs_dir)
        project = self.project(config)
        for folder in (project.notes_dir, project.registry_dir, project.pages_dir, project.assets_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.dirty and self.settings_built not in (None, _modified(config)):
            log.info("mkdocs.yml changed: building every page")
            _empty(Path(config.site_dir))

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.serving:
            env.bytecode_cache = self.templates
        if self.dirty:
            self.mends.start({file.url for file in files.documentation_pages()}, {file.dest_uri for file in files})
        return env

    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        if self.dirty:
            self.mends.page_built(page.url)
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.dirty:
            self.mends.mend(site_dir)
            self.settings_built = _modified(config)
        self.builds += 1
        if self.serving:  # the page reloads now; the notes' search follows when Pagefind is done
            if self.builds == 1:
                # What the first build leaves (modules, caches, the theme) lives as long as the server.
                gc.collect()
                gc.freeze()
            self.indexing.start(site_dir, log.info, then=self.caches.save_deferred)
            return
        try:
            pages = index_notes(site_dir)
        except FulltextError as error:
            raise Abort(str(error)) from None
        log.info(f"Indexed {pages} notes for full-text search")

    def on_shutdown(self) -> None:
        self.indexing.cancel()  # the server stops: no Pagefind left indexing a removed site folder
        self.caches.save_deferred()
        if self.serving:
            gc.unfreeze()
            logging.getLogger("mkdocs.commands.build").removeFilter(self.warning_filter)


def add_theme(config: MkDocsConfig) -> None:
    """The plugin's theme folder after the project's `custom_dir` (which may override its files),
    and its stylesheets and script before the project's own."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    config.extra_css[:0] = [path for path in EXTRA_CSS if path not in config.extra_css]
    scripts = [str(script) for script in config.extra_javascript]
    config.extra_javascript[:0] = [path for path in EXTRA_JAVASCRIPT if path not in scripts]


def _modified(config: MkDocsConfig) -> int:
    return Path(config.config_file_path).stat().st_mtime_ns


def _empty(folder: Path) -> None:
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _import_rendering() -> None:
    from research_digest.charts import draw  # noqa: F401
    from research_digest.render import pages  # noqa: F401
