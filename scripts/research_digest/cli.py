"""The `digest` command: start a digest, check notes, generate pages, build and preview the site."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from research_digest.authoring import scaffold
from research_digest.authoring.importer.command import main_import
from research_digest.authoring.schema import SCHEMA_FILE
from research_digest.authoring.snippets import SNIPPETS_FILE, editor_files
from research_digest.build.generate import check, generate, load
from research_digest.build.project import PLUGIN_NAME, Project, ProjectError, read_project
from research_digest.build.publish import put_in_place, recover, swap
from research_digest.build.report import describe, problem_lines
from research_digest.load.problems import BuildFailed, ProblemList
from research_digest.load.registry import Registry, load_registry


def find_root(start: Path) -> Path:
    """The project root: the nearest folder upwards that holds mkdocs.yml."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise SystemExit(f"digest: no mkdocs.yml in {start} or any folder above it; run digest inside a project")


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    loaded = load(project)
    for line in problem_lines(loaded.problems.sorted(), project.root):
        print(line, file=sys.stderr)
    try:
        check(loaded, strict=args.strict)
    except BuildFailed:
        return 1
    site = loaded.site
    figures = sum(len(n.figures) for n in site.notes)
    checks = len(site.checks.results) if site.checks else 0
    print(f"OK: {len(site.notes)} notes, {figures} figures, {len(site.implied_figures())} implied, {checks} checks, "
          f"{len(loaded.problems.warnings)} warning(s)")
    return 0


def cmd_generate(project: Project, args: argparse.Namespace) -> int:
    try:
        result = generate(project, strict=args.strict)
    except BuildFailed as failed:
        for line in problem_lines(failed.problems, project.root):
            print(line, file=sys.stderr)
        return 1
    for line in problem_lines(result.warnings, project.root):
        print(line, file=sys.stderr)
    print(describe(result))
    return 0


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    """Generate and run MkDocs, both into staging folders that are put in place only when the whole
    build is complete: a failed or killed build leaves docs/generated and site/ as they were."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from research_digest.plugin.plugin import DigestPlugin

    started = time.monotonic()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2; we pin <2
    recover(project.site_dir)
    site_staging = project.root / ".site-staging"
    docs_staging = project.generated_dir.with_name(".generated-build")
    for folder in (site_staging, docs_staging):
        shutil.rmtree(folder, ignore_errors=True)
    docs_staging.mkdir(parents=True)  # the plugin fills it, and MkDocs builds from it
    project.generated_dir.mkdir(parents=True, exist_ok=True)  # MkDocs wants mkdocs.yml's docs_dir to exist
    logging.basicConfig(format="%(message)s", level=logging.WARNING)
    logging.getLogger("mkdocs.research_digest").setLevel(logging.INFO)
    try:
        config = load_config(str(project.config_file), site_dir=str(site_staging), strict=args.strict)
        plugin = config.plugins.get(PLUGIN_NAME)
        if not isinstance(plugin, DigestPlugin):
            raise SystemExit(f"{project.config_file}: plugins: expected {PLUGIN_NAME} among them (it generates "
                             f"the pages); found {', '.join(config.plugins) or 'none'}")
        plugin.generate_into(docs_staging)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        put_in_place(docs_staging, project.generated_dir)
        swap(site_staging, project.site_dir)
    except (MkDocsException, SystemExit) as error:
        message = str(error)
        if message and message not in ("1", "None"):
            print(message, file=sys.stderr)
        print("Build failed: the previous site is unchanged.", file=sys.stderr)
        return 1
    finally:
        for folder in (site_staging, docs_staging):
            shutil.rmtree(folder, ignore_errors=True)
    print(f"Built {project.site_dir.relative_to(project.root)}/ in {time.monotonic() - started:.1f} s")
    return 0


def registry_of(project: Project) -> Registry | None:
    """The registries, or None after printing their problems."""
    problems = ProblemList()
    registry = load_registry(project.registry_dir, problems)
    for line in problem_lines(problems.sorted(), project.root):
        print(line, file=sys.stderr)
    return None if problems.errors else registry


def cmd_new(project: Project, args: argparse.Namespace) -> int:
    registry = registry_of(project)
    if registry is None:
        return 1
    terminal = scaffold.Terminal() if sys.stdin.isatty() else None
    given = {name: getattr(args, name) for name in ("company", "period", "source", "kind", "language")}
    try:
        made = scaffold.gather(registry, given, terminal)
        path = scaffold.write(project.root, made, registry)
    except scaffold.ScaffoldError as error:
        print(f"digest new: {error}", file=sys.stderr)
        return 1
    except FileExistsError:
        print(f"digest new: {made.path} exists already; edit it instead (digest new never overwrites a note)",
              file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\ndigest new: stopped; no note written", file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(project.root)}: fill in the blanks, then run digest check")
    return 0


def cmd_import(project: Project, args: argparse.Namespace) -> int:
    return main_import(args.file, project.registry_dir, args.output)


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    registry = registry_of(project)
    if registry is None:
        return 1
    stale = {name: text for name, text in editor_files(registry).items()
             if not (project.root / name).is_file() or (project.root / name).read_text(encoding="utf-8") != text}
    if not stale:
        print(f"{SCHEMA_FILE} and the editor snippets are up to date")
        return 0
    if args.check:
        for name in stale:
            print(f"{name} is out of date with the validator or registry/: run digest schema and commit it",
                  file=sys.stderr)
        return 1
    for name, text in stale.items():
        path = project.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"Wrote {name}")
    return 0


def cmd_diff(project: Project, args: argparse.Namespace) -> int:
    # Imported here: it renders tables with the page code, which imports matplotlib (a second or
    # two), and every other command, a no-change `digest generate` above all, would pay for it.
    from research_digest.authoring.diff import DiffError, diff

    try:
        print(diff(project, args.base), end="")
    except DiffError as error:
        print(f"digest diff: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    """`mkdocs serve --dirty`: the plugin makes a dirty rebuild complete (see research_digest.plugin.plugin)."""
    from mkdocs.__main__ import cli as mkdocs

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2; we pin <2
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a test or a supervisor: clean up as on Ctrl-C
    options = ["--dev-addr", args.dev_addr] if args.dev_addr else []
    try:
        mkdocs.main(["serve", "--dirty", "--config-file", str(project.config_file), *options,
                     *(["--open"] if args.open else [])], prog_name="digest")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_init(args: argparse.Namespace) -> int:
    from research_digest.authoring.init import InitError, init

    try:
        written = init(args.folder)
    except InitError as error:
        print(f"digest init: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files into {args.folder}: a digest with one fictional company and an example note.\n"
          f"Next: point requirements.txt at your copy of research-digest (see README.md), then run "
          f"digest build in {args.folder}.")
    return 0


def cmd_bench(project: Project, args: argparse.Namespace) -> int:
    """Measure the generator and MkDocs on a synthetic site; progress on stderr, results on stdout."""
    from research_digest.bench.bench import run, table

    results = run(project.root, args.notes, lambda line: print(f"bench: {line}", file=sys.stderr, flush=True))
    print(json.dumps(results) if args.json else table(results))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="digest", description="Research digest: notes with tagged figures "
                                   "become a searchable, cross-linked static site.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    start = commands.add_parser("init", help="start a new digest in an empty folder", description="Write a new "
                                "digest into FOLDER: mkdocs.yml, registries with one fictional company, an example "
                                "note, a page on writing notes, GitHub workflows and a README. It builds at once.")
    start.add_argument("folder", metavar="FOLDER", type=Path, help="a new folder, or an empty one")
    start.set_defaults(run=cmd_init)
    for name, function, help_text in (
        ("check", cmd_check, "validate every note and registry; exit 1 on any error"),
        ("generate", cmd_generate, "write the generated pages into docs/generated (no MkDocs)"),
        ("build", cmd_build, "generate and build the site into site/ (kept intact if anything fails)"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.set_defaults(run=function)
    new = commands.add_parser("new", help="write a new note with every field in place (asks in a terminal)",
                              description="Write notes/<company>/<period>-<source>.md with every field in place "
                              "and a comment on each. In a terminal it asks for what the options do not give.")
    for name, help_text in (("company", "company id, name or ticker"), ("period", "2024Q4, 4Q24, FY2024, 2025H1 ..."),
                            ("source", "source id or name"), ("kind", "default: from the source"),
                            ("language", "zh or en")):
        new.add_argument(f"--{name}", help=help_text)
    new.set_defaults(run=cmd_new)
    draft = commands.add_parser("import", help="turn a digest copied from a research platform into a draft note",
                                description="Read a plain-text digest (FILE, or - for standard input) and write a "
                                "draft note; what it could not read or is unsure of is listed and marked # CHECK:.")
    draft.add_argument("file", metavar="FILE", help="the digest as text, or - to read standard input")
    draft.add_argument("-o", "--output", type=Path, help="where to write the draft (default: where the note belongs)")
    draft.set_defaults(run=cmd_import)
    schema = commands.add_parser("schema", help=f"write {SCHEMA_FILE} and the VS Code snippets",
                                 description=f"Write {SCHEMA_FILE} and {SNIPPETS_FILE} from the validator "
                                             "and registry/.")
    schema.add_argument("--check", action="store_true", help="only check that it is up to date; exit 1 if not")
    schema.set_defaults(run=cmd_schema)
    changes = commands.add_parser("diff", help="Markdown summary of the figures added, changed or removed since BASE",
                                  description="Compare the figures at git revision BASE with the working tree.")
    changes.add_argument("base", metavar="BASE", help="a git revision: origin/main, HEAD~1, a commit id")
    changes.set_defaults(run=cmd_diff)
    preview = commands.add_parser("serve", help="preview the site while you write: rebuild what a change reaches, "
                                  "reload the browser", description="Serve the site at http://127.0.0.1:8000 and, "
                                  "when a note, registry or page changes, regenerate it and render only the pages "
                                  "the change reaches: `mkdocs serve --dirty`, which the plugin makes complete "
                                  "(plain `mkdocs serve` renders every page again).")
    preview.add_argument("-a", "--dev-addr", metavar="IP:PORT", help="where to serve (default 127.0.0.1:8000)")
    preview.add_argument("-o", "--open", action="store_true", help="open the site in a browser once built")
    preview.set_defaults(run=cmd_serve)
    bench = commands.add_parser("bench", help="measure build times and sizes on a synthetic site of fictional "
                                "companies", description="Measure build times and sizes on a synthetic site.")
    bench.add_argument("--notes", type=int, default=1000, help="how many notes to generate (default 1000)")
    bench.add_argument("--json", action="store_true", help="print the results as one JSON object")
    bench.set_defaults(run=cmd_bench)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.run is cmd_init:  # the one command that runs outside a digest
        return cmd_init(args)
    try:
        project = read_project(find_root(Path.cwd()))
    except ProjectError as error:
        raise SystemExit(f"digest: {error}") from None
    return args.run(project, args)


if __name__ == "__main__":
    sys.exit(main())
