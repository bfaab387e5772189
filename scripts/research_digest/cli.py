"""The `digest` command: check notes, generate pages, build the site."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from .generate import Project, check, generate, load
from .problems import BuildFailed
from .publish import recover, swap
from .report import describe, problem_lines


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
    """Generate and run MkDocs into a staging folder; the site is swapped in only when complete."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started = time.monotonic()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2; we pin <2
    recover(project.site_dir)
    staging = project.root / ".site-staging"
    shutil.rmtree(staging, ignore_errors=True)
    logging.basicConfig(format="%(message)s", level=logging.WARNING)
    logging.getLogger("mkdocs.research_digest").setLevel(logging.INFO)
    try:
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(staging), strict=args.strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(error)
        if message and message not in ("1", "None"):
            print(message, file=sys.stderr)
        print("Build failed: the previous site is unchanged.", file=sys.stderr)
        return 1
    swap(staging, project.site_dir)
    shutil.rmtree(staging, ignore_errors=True)
    print(f"Built {project.site_dir.relative_to(project.root)}/ in {time.monotonic() - started:.1f} s")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="digest", description="Research digest: notes with tagged figures "
                                   "become a searchable, cross-linked static site.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, function, help_text in (
        ("check", cmd_check, "validate every note and registry; exit 1 on any error"),
        ("generate", cmd_generate, "write the generated pages into docs/generated (no MkDocs)"),
        ("build", cmd_build, "generate and build the site into site/ (kept intact if anything fails)"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.set_defaults(run=function)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = Project(find_root(Path.cwd()))
    return args.run(project, args)


if __name__ == "__main__":
    sys.exit(main())
