"""MkDocs hook: run the standalone generator before every build and every `mkdocs serve` reload,
and index the notes for full-text search (Pagefind) after it. Under a dirty rebuild (`digest serve`)
it also hands `research_digest.plugin.dirty` what it needs to mend the site after the build.

Kept thin on purpose: all the work is in `research_digest.build.generate`, which `digest generate` runs
without MkDocs (a hook-less successor such as Zensical reads the same mkdocs.yml).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from research_digest.plugin.dirty import DirtyBuild
from research_digest.build.fulltext import (FulltextError, cancel_background, index_in_background, index_notes,
                                      wait_for_background)
from research_digest.build.generate import JIEBA_USER_DICT, Project, generate
from research_digest.build.cache.caches import Caches
from research_digest.load.problems import BuildFailed
from research_digest.build.report import describe, problem_lines
from research_digest.plugin.serve import TemplateCache

log = logging.getLogger("mkdocs.research_digest")
logging.getLogger("jieba").setLevel(logging.WARNING)  # its "Building prefix dict" chatter on every build
_serving = False  # set by on_startup; the hook module lives as long as `mkdocs serve`
_dirty = DirtyBuild()  # what a dirty rebuild (`digest serve`) leaves wrong, mended after it
_templates = TemplateCache()
_caches = Caches()  # kept from one build to the next: `mkdocs serve` keeps notes, pages and bodies in memory


@event_priority(100)  # before the search plugin reads the jieba dictionary the generator writes
def on_config(config):
    if _serving:  # a newer site is about to be generated: its own indexing follows it
        cancel_background()
    project = Project(Path(config.config_file_path).parent)
    docs_dir = Path(config.docs_dir)
    try:
        # `digest build` points docs_dir at a staging folder that it puts in place after the build.
        result = generate(project, into=None if docs_dir == project.generated_dir else docs_dir, caches=_caches)
    except BuildFailed as failed:
        raise Abort("\n".join(problem_lines(failed.problems, project.root))) from None
    search = config.plugins.get("material/search")
    if search is not None and search.config.jieba_dict_user:
        search.config.jieba_dict_user = str(docs_dir / JIEBA_USER_DICT)  # the one just written
    for line in problem_lines(result.warnings, project.root):
        log.warning(line)
    log.info(describe(result))
    return config


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    if _serving:  # the caches are saved while the contributor reads the reloaded page
        _caches.defer_saving()


def on_serve(server, config, builder):
    # The generator writes docs_dir during each build, from the watched notes, registries and pages:
    # watching it too would start a second, useless build after every one.
    server.unwatch(config.docs_dir)
    return server


def on_pre_build(config):
    if not _serving:  # MkDocs cleans the site folder next
        wait_for_background()


def on_env(env, config, files):
    if _serving:
        env.bytecode_cache = _templates
    _dirty.start({file.url for file in files.documentation_pages()}, {file.dest_uri for file in files})
    return env


def on_page_context(context, page, config, nav):
    _dirty.page_built(page.url)
    return context


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config):
    if _serving:  # the page reloads now; the notes' search follows when Pagefind is done
        _dirty.mend(Path(config.site_dir))  # a one-off build renders every page: nothing to mend
        index_in_background(Path(config.site_dir), log.info, then=_caches.save_deferred)
        return
    try:
        pages = index_notes(Path(config.site_dir))
    except FulltextError as error:
        raise Abort(str(error)) from None
    log.info(f"Indexed {pages} notes for full-text search")


def on_shutdown():
    cancel_background()  # the server stops: no Pagefind left indexing a removed site folder
    _caches.save_deferred()
