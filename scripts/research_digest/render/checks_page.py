"""The Data checks page: what was compared, the open conflicts (both notes linked), the definition
changes checks do not compare across, and coverage."""

from __future__ import annotations

from collections import Counter

from research_digest.load.periods import Period
from research_digest.model.checks import KINDS, Conflict, shown
from research_digest.model.derive import series_key
from research_digest.model.site import Site, Stated
from research_digest.render.cells import DEFINITIONS_SECTION, metric_label
from research_digest.render.markup import bullets, front_matter, link, paragraph, strong, table, text
from research_digest.render.paths import CHECKS_PAGE, company_page, note_page, period_page
from research_digest.render.search import UNINDEXED

INTRO = ("Every figure is compared with every other that speaks of the same company, metric, segment, "
         "basis and period, within the precision each states as written: 2.232 CNY bn and 2,232.1 CNY mn agree, "
         "and 1.410 is checked to its third decimal. A value stated as a bound, such as \">20\", agrees with "
         "any value inside it. Values implied by a stated YoY or QoQ change are compared too. Figures whose "
         "qualifier differs (continuing operations, a restated comparative) are different definitions and are "
         "not compared, nor are figures on either side of a definition change (listed below); neither are "
         "approximate values and changes such as \"~20\" or a change of \">120\".\n\n")


def checks_page(site: Site) -> tuple[str, str]:
    """The page as (path, Markdown)."""
    checks = site.checks
    results = checks.results if checks else []
    conflicts = checks.conflicts if checks else []
    stated = sum(len(note.figures) for note in site.notes)
    implied = len(site.implied_figures())
    out = [front_matter(title="Data checks"), "# Data checks\n\n", INTRO,
           paragraph(strong(f"{stated} figures stated, {implied} implied for periods no note states, "
                            f"{len(results)} checks, {len(conflicts)} open conflict(s)."))]
    run = Counter(r.kind for r in results)
    found = Counter(c.kind for c in conflicts)
    out += [table(["Check", "Run", "Conflicts"],
                  [[name, str(run[kind]), str(found[kind])] for kind, name in KINDS.items()],
                  ["left", "right", "right"]), f"## Open conflicts{UNINDEXED}\n\n"]
    if not conflicts:
        out.append("None: every figure agrees with the others within the precision each states.\n\n")
    for number, conflict in enumerate(conflicts, start=1):
        out.append(conflict_section(site, number, conflict))
    out.append(definition_changes(site))
    out += [f"## Coverage{UNINDEXED}\n\n", "Periods for which notes state figures, periods with only implied figures "
            "(no note states them), and quarters with neither, between a company's first and last.\n\n",
            coverage(site)]
    return CHECKS_PAGE, "".join(out)


def conflict_section(site: Site, number: int, conflict: Conflict) -> str:
    key, label = conflict.cells[0]
    company = site.registry.companies[key.company]
    heading = (f"### Conflict {number}: {link(text(company.name_en), CHECKS_PAGE, company_page(company.id))} "
               f"– {metric_label(site, key)}, {link(label, CHECKS_PAGE, period_page(label))} "
               f"{{ #{conflict.anchor} data-search-exclude }}\n\n")
    summary = paragraph(f"{strong(KINDS[conflict.kind] + '.')} Expected {text(conflict.expected)}; "
                        f"found {text(conflict.found)}:")
    return heading + summary + bullets([figure_line(site, s) for s in (conflict.subject, *conflict.others)])


def figure_line(site: Site, stated: Stated) -> str:
    """A figure in a conflict: where it is stated (linked), by which source, and what it says."""
    figure, note = stated.figure, stated.note
    says = ", ".join([shown(stated)] * (figure.value is not None) + figure.changes())
    return (f"{link(f'{note.path.as_posix()}:{figure.line}', CHECKS_PAGE, note_page(note), note.title)} · "
            f"{text(site.registry.sources[note.source].name_en)} · {metric_label(site, series_key(stated))} "
            f"{figure.period.label}: {text(says)}")


def definition_changes(site: Site) -> str:
    """Each figure that starts a new definition of its series, with what changed."""
    out = [f"## Definition changes {{ #{DEFINITIONS_SECTION} data-search-exclude }}\n\n",
           "Where a series changes its definition (a note marks the first figure on the new one), figures on "
           "either side are not compared, and tables and charts show the break.\n\n"]
    starts = [stated for company in site.registry.companies for key in site.company_series(company.id)
              for stated in site.breaks.get(key, ())]
    if not starts:
        return "".join(out) + "None.\n\n"
    rows = [[link(text(site.registry.companies[s.note.company].name_en), CHECKS_PAGE, company_page(s.note.company)),
             metric_label(site, series_key(s)),
             link(s.figure.period.label, CHECKS_PAGE, period_page(s.figure.period.label)),
             text(s.figure.definition_note) or "–",
             link(f"{s.note.path.as_posix()}:{s.figure.line}", CHECKS_PAGE, note_page(s.note), s.note.title)]
            for s in starts]
    return "".join(out) + table(["Company", "Series", "From", "What changed", "Stated in"], rows)


def coverage(site: Site) -> str:
    rows = []
    for company in site.registry.companies:
        keys = site.company_series(company.id)
        stated = {note.period.label for note in site.by_company.get(company.id, [])}
        stated |= {label for key in keys for label in site.series[key]}
        implied = {label for key in keys for label in site.implied.get(key, {})} - stated
        if not stated:
            continue
        quarters = [site.periods[label] for label in stated | implied if site.periods[label].kind == "Q"]
        missing = [p.label for p in between(min(quarters), max(quarters))
                   if p.label not in stated | implied] if quarters else []
        rows.append([link(text(company.name_en), CHECKS_PAGE, company_page(company.id)),
                     labels(site, stated), labels(site, implied),
                     ", ".join(missing) or "none"])
    return table(["Company", "Periods stated", "Only implied", "Missing quarters"], rows)


def between(first: Period, last: Period) -> list[Period]:
    """The quarters from `first` to `last`, in order."""
    periods = [last]
    while periods[-1].sort_key > first.sort_key:
        periods.append(periods[-1].previous())
    return periods[::-1]


def labels(site: Site, chosen: set[str]) -> str:
    """The periods, in order, a run of three or more consecutive quarters as its first and last:
    "2020Q1 – 2024Q4" reads at a glance where twenty links would not (and renders faster)."""
    runs: list[list[str]] = []
    for label in site.period_order(chosen):
        period, last = site.periods[label], runs[-1][-1] if runs else None
        if last and period.kind == "Q" and site.periods[last].kind == "Q" and period.previous().label == last:
            runs[-1].append(label)
        else:
            runs.append([label])
    linked = [[link(label, CHECKS_PAGE, period_page(label)) for label in run] for run in runs]
    return ", ".join(f"{run[0]} – {run[-1]}" if len(run) >= 3 else ", ".join(run) for run in linked) or "none"
