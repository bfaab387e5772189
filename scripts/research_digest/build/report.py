"""What the commands print: short when all is well, specific when it is not."""

from __future__ import annotations

from pathlib import Path

from research_digest.build.generate import Generated
from research_digest.load.problems import Problem


def problem_lines(problems: list[Problem], root: Path) -> list[str]:
    errors = sum(p.severity == "error" for p in problems)
    lines = [p.format(root) for p in problems]
    if errors:
        lines.append(f"{errors} error(s): nothing was published; the previous site is unchanged.")
    return lines


def describe(result: Generated) -> str:
    site, stats = result.site, result.published
    parts = [f"{len(site.notes)} notes, {len(site.by_company)} companies, {result.files} files",
             f"{stats.written} written, {stats.removed} removed"]
    parts += [f"{value} {name}" for name, value in result.extra.items()]
    return "Generated " + "; ".join(parts)
