"""`digest new`: a note with every field in place and a short comment on each, where notes belong.

The blanks it leaves (title, published, the figure's value) fail `digest check` until filled in,
so an unfinished note cannot slip through.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from research_digest.authoring.fieldhelp import FIGURE_HELP, FORECAST_HELP, NOTE_HELP
from research_digest.load.notes import BASES, FIGURE_FIELDS, KINDS, LANGUAGES, NOTE_FIELDS
from research_digest.load.periods import Period, PeriodError, parse_period
from research_digest.load.registry import Company, Registry, Source, Table
from research_digest.load.units import unit_forms
from research_digest.load.views import FORECAST_FIELDS, VIEW_FIELDS

BODY = {
    "en": "**Core viewpoint.** \n\n## Financial performance\n\n- \n",
    "zh": "**核心观点。** \n\n## 财务表现\n\n- \n",
}


class ScaffoldError(ValueError):
    """An answer that cannot be used: the option, what was expected and what was found."""

    def __init__(self, option: str, expected: str, found: str):
        where = f"--{option}: " if option else ""
        super().__init__(f"{where}expected {expected}; found {found}")
        self.option, self.expected, self.found = option, expected, found


@dataclass(frozen=True)
class Scaffold:
    company: Company
    period: Period
    source: Source
    kind: str
    language: str

    @property
    def path(self) -> Path:
        """Relative to the project root: notes/<company>/<period>-<source>.md."""
        return Path("notes") / self.company.id / f"{self.period.label}-{self.source.id}.md"


def lookup(table: Table, option: str, text: str):
    found = table.resolve(text)
    if found is None:
        names = "id, name or ticker" if table.what == "company" else "id or name"
        raise ScaffoldError(option, f"a {table.what} {names} from the registry ({table.suggest(text)})", repr(text))
    return table[found]


def period_of(text: str, company: Company) -> Period:
    try:
        return parse_period(text, company.fiscal_year_end)
    except PeriodError as error:
        raise ScaffoldError("period", error.expected, repr(text)) from None


def choice(option: str, text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise ScaffoldError(option, f"one of {', '.join(allowed)}", repr(text))
    return text


def default_kind(source: Source) -> str:
    """A broker writes a review; anything else is summarised."""
    return "earnings-review" if source.kind == "broker" else "results-summary"


def _lines(pairs: list[tuple[str, str, str]]) -> list[str]:
    """`key: value  # comment` lines with the comments lined up."""
    width = max(len(f"{key}: {value}") for key, value, _ in pairs) + 2
    return [f"{key}: {value}".rstrip().ljust(width) + f"# {comment}" for key, value, comment in pairs]


def _items(values: dict[str, str], keys: tuple[str, ...], help_text: dict[str, str]) -> list[tuple[str, str, str]]:
    """The lines of one list item, each key with its value (blank unless given) and help."""
    return [(("  - " if i == 0 else "    ") + key, values.get(key, ""), help_text[key]) for i, key in enumerate(keys)]


def render(scaffold: Scaffold, registry: Registry) -> str:
    company, source = scaffold.company, scaffold.source
    metric = next(iter(registry.metrics))
    segments = ", ".join(company.segments) or "none in the registry"
    values = {
        "title": ('""', NOTE_HELP["title"]),
        "company": (company.id, company.display),
        "period": (scaffold.period.label, NOTE_HELP["period"]),
        "published": ("", NOTE_HELP["published"]),
        "source": (source.id, source.display),
        "analysts": ("[]", NOTE_HELP["analysts"]),
        "kind": (scaffold.kind, NOTE_HELP["kind"]),
        "language": (scaffold.language, NOTE_HELP["language"]),
        "link": ("", NOTE_HELP["link"]),
        "segments": ("[]", f"of {company.name_en}: {segments}"),
        "tags": ("[]", NOTE_HELP["tags"]),
        "references": ("[]", NOTE_HELP["references"]),
        "metrics": ("", f"{NOTE_HELP['metrics']}; copy the item below for each"),
    }
    figure = {"metric": metric.id, "unit": next(iter(unit_forms(metric.kind, metric.unit))), "basis": BASES[0]}
    pairs = [(key, *values[key]) for key in NOTE_FIELDS if key not in VIEW_FIELDS]
    pairs += _items(figure, FIGURE_FIELDS, FIGURE_HELP)
    if source.kind == "broker":  # a broker's view: fill in what the note gives, delete the rest
        pairs += [("rating", "{value: , previous: , action: }", NOTE_HELP["rating"]),
                  ("target_price", "{value: , currency: , previous: , action: }", NOTE_HELP["target_price"]),
                  ("forecasts", "", f"{NOTE_HELP['forecasts']}; copy the item below for each")]
        pairs += _items(figure, FORECAST_FIELDS, FORECAST_HELP)
    return "---\n" + "\n".join(_lines(pairs)) + "\n---\n\n" + BODY[scaffold.language]


T = TypeVar("T")
REQUIRED_OPTIONS = ("company", "period", "source")


@dataclass
class Terminal:
    """Asks for what the options did not give, again after a wrong answer."""

    read: Callable[[str], str] = input

    def ask(self, question: str, default: str, make: Callable[[str], T]) -> T:
        while True:
            shown = f" [{default}]" if default else ""
            answer = self.read(f"{question}{shown}: ").strip() or default
            try:
                return make(answer)
            except ScaffoldError as error:
                print(f"  expected {error.expected}; found {error.found}", file=sys.stderr)


def gather(registry: Registry, given: dict[str, str | None], terminal: Terminal | None) -> Scaffold:
    """The scaffold from the options, asking `terminal` for the rest (without one, all must be given)."""
    missing = [f"--{o}" for o in REQUIRED_OPTIONS if not given.get(o)]
    if missing and terminal is None:
        raise ScaffoldError("", "--company, --period and --source (or run digest new in a terminal to be asked)",
                            f"no {', '.join(missing)}")

    def get(option: str, question: str, default: str, make: Callable[[str], T]) -> T:
        if given.get(option):
            return make(str(given[option]))
        return make(default) if terminal is None else terminal.ask(question, default, make)

    company = get("company", "Company (id, name or ticker)", "",
                  lambda text: lookup(registry.companies, "company", text))
    period = get("period", "Period (2024Q4, 4Q24, FY2024, 2025H1 ...)", "", lambda text: period_of(text, company))
    source = get("source", f"Source ({', '.join(s.id for s in registry.sources)})", "",
                 lambda text: lookup(registry.sources, "source", text))
    kind = get("kind", f"Kind ({', '.join(KINDS)})", default_kind(source), lambda text: choice("kind", text, KINDS))
    language = get("language", f"Language ({', '.join(LANGUAGES)})", LANGUAGES[0],
                   lambda text: choice("language", text, LANGUAGES))
    return Scaffold(company, period, source, kind, language)


def write(root: Path, scaffold: Scaffold, registry: Registry) -> Path:
    """Write the note; raises FileExistsError rather than overwrite one."""
    path = root / scaffold.path
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(render(scaffold, registry))
    return path

