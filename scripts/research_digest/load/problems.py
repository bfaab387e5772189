"""Problems found in notes and registries, reported all at once in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str  # a path into the front matter such as "metrics[2].unit"; "" for the whole file
    expected: str
    found: str
    severity: str = "error"  # or "warning"

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            # as given first: a note that is a symbolic link is named by where it is, not where it points
            for candidate, base in ((self.path.absolute(), root.absolute()), (self.path.resolve(), root.resolve())):
                if candidate.is_relative_to(base):
                    path = candidate.relative_to(base)
                    break
        where = f"{path}:{self.line}:"
        what = f" {self.field}:" if self.field else ""
        label = " warning:" if self.severity == "warning" else ""
        found = " ".join(self.found.split())  # one line, whatever the input held
        return f"{where}{label}{what} expected {self.expected}; found {found}"


@dataclass
class ProblemList:
    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (str(p.path), p.line, p.field))


class BuildFailed(Exception):
    """Raised when notes or registries have errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in notes or registries")
