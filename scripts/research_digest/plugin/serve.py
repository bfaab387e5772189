"""`digest serve`: the contributor's preview, MkDocs' own development server tuned for a large site.

`mkdocs serve` renders every page again after each change (about 40 s at 1,000 notes). This runs the same
server (MkDocs' live-reload server, the same hook and plugins) with these differences:

- a rebuild is dirty: MkDocs renders only the pages whose Markdown the generator rewrote, which are
  exactly the pages the change reaches (the generator writes a file only when its bytes change);
  only a change to mkdocs.yml (navigation, theme) renders every page again;
- the plugins are told the build is a clean one: Material's search would otherwise merge its index
  as if only one page had been rebuilt; `research_digest.plugin.dirty` merges it, and removes the pages of
  deleted notes, after each build (the hook does so under `mkdocs serve --dirty` too, where
  Material's own merge can still leave an older version of a rebuilt page in the index);
- the watcher polls more often, so a save is noticed sooner;
- the installed theme's files are listed once (`InstalledThemeListing`), and what the first build
  leaves in memory is frozen for the garbage collector, which would otherwise walk it in every rebuild.

The hook itself (not this module) stops watching docs/generated, which only the generator writes,
keeps Pagefind's indexing in the background, stopped by the next rebuild, saves the caches after
that indexing rather than during the build, and gives the theme's templates a `TemplateCache`, so
that a rebuild does not compile them again. In memory between rebuilds stay the parsed notes, the
rendered pages and each company's derived values and checks (`company_memo`).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

POLLING_INTERVAL_S = 0.2  # MkDocs polls every 0.5 s; a thousand notes take a few ms to stat


class _DirtyMended(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave links and navigation wrong: the generator
    rewrites every page a change reaches, the navigation is fixed in mkdocs.yml, and the rest is mended."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class TemplateCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory from one build to the next: MkDocs makes a new
    Jinja environment for each build, which would compile all forty of them again (seconds on a busy
    machine). Jinja checks each template's source against the compiled one, so an edited one is compiled."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class InstalledThemeListing(jinja2.FileSystemLoader):
    """The theme's loader, listing each installed theme folder (Material's: thousands of icons) once
    per server: MkDocs lists every theme file on each build to copy the static ones (0.15 s at each),
    and an installed package does not change while serving. A `custom_dir` is listed every time."""

    listed: dict[str, list[str]] = {}  # installed theme folder -> its files, for the server's life

    def __init__(self, searchpath: list[str], custom_dir: str | None):
        super().__init__(searchpath)
        self.custom_dir = custom_dir

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if folder == self.custom_dir:
                found.update(jinja2.FileSystemLoader(folder).list_templates())
                continue
            if folder not in self.listed:
                self.listed[folder] = jinja2.FileSystemLoader(folder).list_templates()
            found.update(self.listed[folder])
        return sorted(found)


def _list_installed_theme_once(theme) -> None:
    """Make `theme` (a config's MkDocs Theme) build its Jinja environment on an `InstalledThemeListing`."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = InstalledThemeListing(theme.dirs, theme.custom_dir)
        return env

    theme.get_env = get_env


def serve(config_file: Path, dev_addr: str | None, open_in_browser: bool) -> None:
    """Build the site into a temporary folder, serve it, and rebuild what changes until interrupted."""
    threading.Thread(target=_warm_up, daemon=True).start()
    site_dir = tempfile.mkdtemp(prefix="digest-serve-")
    try:
        _serve(config_file, {"dev_addr": dev_addr} if dev_addr else {}, site_dir, open_in_browser)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _warm_up() -> None:
    """Import what rendering pages and drawing charts needs (matplotlib: about 1 s) while the server
    starts: its first build usually finds nothing changed and skips rendering, so the contributor's
    first edit would otherwise wait for these imports."""
    from research_digest.charts import draw  # noqa: F401
    from research_digest.render import pages  # noqa: F401


def _serve(config_file: Path, options: dict[str, str], site_dir: str, open_in_browser: bool) -> None:
    """`mkdocs.commands.serve.serve`, with dirty rebuilds and a faster watcher (see the module's comment)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer, _serve_url

    def get_config():
        return load_config(str(config_file), site_dir=site_dir, **options)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)  # dirty builds, merged by research_digest.plugin.dirty
    host, port = config.dev_addr
    serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)

    settings_read: list[int] = []  # mkdocs.yml's modification time at the last build

    def builder(config=None) -> None:
        """The first build (given `config`) raises on bad notes; a rebuild prints their problems and
        keeps the previous site, which the browser reloads, until a save mends them."""
        log = logging.getLogger("mkdocs")
        first, config = config is not None, config or get_config()
        config.site_url = serve_url
        _list_installed_theme_once(config.theme)
        # The first build, or a changed mkdocs.yml (navigation, theme), reaches every page.
        stamp = config_file.stat().st_mtime_ns
        every_page = settings_read != [stamp]
        log.info("Building every page..." if every_page else "Building the changed pages...")
        try:
            build(config, serve_url=serve_url, dirty=not every_page)
            settings_read[:] = [stamp]
        except MkDocsException as error:
            if first:
                raise
            log.error(f"{error}\nThe preview shows the site as it was; save again once this is fixed.")
        if first:
            # What the first build leaves (modules, caches, the theme) lives as long as the server:
            # frozen, the garbage collector stops walking it during every rebuild (0.1-0.2 s each).
            gc.collect()
            gc.freeze()

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir,
                              mount_path=urlsplit(serve_url).path, polling_interval=POLLING_INTERVAL_S)
    server.error_handler = lambda code: _error_page(Path(site_dir), code)
    try:
        builder(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for path in config.watch:
            server.watch(path)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def main_serve(root: Path, dev_addr: str | None, open_in_browser: bool) -> int:
    """`digest serve`: MkDocs' log on stderr, as `mkdocs serve` prints it; exits 1 if the first build fails."""
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2; we pin <2
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyMended())
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a test or a supervisor: clean up as on Ctrl-C
    try:
        serve(root / "mkdocs.yml", dev_addr, open_in_browser)
    except MkDocsException as error:  # e.g. a --dev-addr that is not host:port
        print(f"digest serve: {error}", file=sys.stderr)
        return 1
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
