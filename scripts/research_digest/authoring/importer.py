"""`digest import`: a digest copied from a research platform becomes a draft note.

The digest's shape (English or Chinese), often with everything after the header on one line:

    【金山云(3896.HK)】4Q24 ...业绩点评(付天姿/黄铮)          title (company, period, kind, analysts)
    光大证券研究· 2025-03-22 14:46                           source · date time
    Core Viewpoint - ...   Group 1: Heading - fact [2] - fact [3]   Group 2: ...
    (核心观点 - ...   分组1：标题 - 要点 [2] - 要点 [3])

Figures are read clause by clause from a table of regexes per language: a metric mention (names and
aliases from the registry, with an optional segment and basis in front) opens a figure; an amount or
percentage in the same clause is its value; year-on-year and quarter-on-quarter changes that follow
fill its yoy/qoq. Nothing is guessed silently: a number that fits no figure, a figure whose reading
involved an assumption and every line not read is listed in `Draft.unsure` and marked `# CHECK:` in
the draft, so the contributor sees it where it is.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from research_digest.load.periods import Period, PeriodError, calendar_quarter, parse_period
from research_digest.load.problems import ProblemList
from research_digest.load.registry import Registry, load_registry

FRONT_ORDER = ("title", "company", "period", "published", "source", "analysts", "kind", "language",
               "link", "segments", "tags", "metrics")
FIGURE_ORDER = ("metric", "segment", "basis", "period", "value", "unit", "yoy", "qoq", "note", "citation")

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

# --- the header ----------------------------------------------------------------------------------

SOURCE_LINE = re.compile(
    r"^\s*(?P<source>.*?)\s*[·•・|｜]?\s*"
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?::\d{2})?)?"
    r"\s*(?P<tz>(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|Z|HKT|北京时间)?\s*$", re.I)
ANALYSTS = re.compile(r"[(（](?P<names>[^()（）\d]+)[)）]\s*$")
KINDS = (  # first match in the title wins; "preview" is tried before "review"
    ("preview", re.compile(r"前瞻|业绩预览|\bpreviews?\b", re.I)),
    ("call-digest", re.compile(r"电话会|交流会|纪要|\b(?:earnings )?call\b", re.I)),
    ("results-summary", re.compile(r"业绩公告|业绩快报|results summary", re.I)),
    ("earnings-review", re.compile(r"点评|\breviews?\b", re.I)),
)

# --- the body's sections -------------------------------------------------------------------------

ZH_NUMBER = "一二三四五六七八九十"
SECTION = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=[。.\]]))\s*(?:"
    r"(?P<core>Core\s+Viewpoints?|Core\s+Views?|核心观点)\s*[:：\-–—]"
    rf"|(?P<group>Group\s*\d+|分组\s*[\d{ZH_NUMBER}]+|第\s*[\d{ZH_NUMBER}]+\s*组|要点\s*[\d{ZH_NUMBER}]*"
    r"|Key\s+Points?)\s*[:：]?"
    r"|(?P<risk>Risk\s+Warnings?|Risk\s+Factors?|风险提示)\s*[:：\-–—])\s*", re.I)
BULLET = re.compile(r"(?:^|\s+)[-–•－]\s+")
SENTENCE_END = re.compile(r"(?:[.。!?！？]|\[\d+\])\s*$")

# --- periods in running text ---------------------------------------------------------------------
# Each pattern yields the text handed to parse_period; "?Q", "?H", "?FY" are periods without a
# year, read against the note's period (and marked).

_Y = r"(?:20)?\d{2}"
PERIODS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), t) for p, t in (
    (rf"(?<![\d.])FY\s?{_Y}\s?[QH][1-4](?![A-Za-z0-9])", r"\g<0>"),
    (rf"(?<![A-Za-z0-9.])[1-4]\s?[QH]\s?FY\s?{_Y}(?!\d)", r"\g<0>"),
    (rf"(?<![A-Za-z0-9])[QH][1-4]\s?FY\s?{_Y}(?!\d)", r"\g<0>"),
    (rf"(?<![\d.])(?:{_Y})\s?(?:年|财年)\s?第?[1-4{ZH_NUMBER[:4]}]\s?季度", r"\g<0>"),
    (rf"(?<![\d.])(?:{_Y})\s?年?\s?[QH][1-4](?:季度)?(?![A-Za-z0-9])", r"\g<0>"),
    (r"(?<![A-Za-z0-9])[QH][1-4]\s?(?:20\d{2}|['’]\d{2})(?!\d)", r"\g<0>"),
    (rf"(?<![A-Za-z0-9.])[1-4]\s?[QH]\s?{_Y}(?!\d)", r"\g<0>"),
    (rf"(?<![\d.])(?:{_Y})\s?年?\s?(?:上半年|下半年|中期)", r"\g<0>"),
    (rf"(?<![A-Za-z0-9])FY\s?{_Y}(?!\d)", r"\g<0>"),
    (rf"(?<![\d.])(?:{_Y})\s?(?:年度|财年|年全年)", r"\g<0>"),
    (r"(?:for\s+)?(?:the\s+)?full[- ]year\s+(?:of\s+)?(?P<y>20\d{2})", r"FY\g<y>"),
    (r"(?P<y>20\d{2})\s+full[- ]year", r"FY\g<y>"),
    (r"(?:in\s+)?(?:the\s+)?(?P<h>first|second)\s+half\s+(?:of\s+)?(?P<y>20\d{2})", r"\g<h> half \g<y>"),
    (r"(?:for\s+)?(?:the\s+)?full[- ]year|全年", "?FY"),
    (rf"第?[{ZH_NUMBER[:4]}]季度|(?<![A-Za-z0-9])Q[1-4](?![A-Za-z0-9])", "?Q"),
    (r"上半年|下半年|(?<![A-Za-z0-9])H[12](?![A-Za-z0-9])", "?H"),
))

# --- figures: tables of regexes per language -----------------------------------------------------

APPROX = {"en": r"over|more than|above|exceeding|nearly|almost|about|approximately|around|roughly|close to|[~≈><]",
          "zh": r"超过|超|逾|近|约|接近|将近|大约|[~≈><]"}
APPROX_ANY = rf"(?:{APPROX['en']}|{APPROX['zh']})"
OVER = re.compile(r"over|more than|above|exceeding|超过|超|逾|>", re.I)
UNIT = (r"(?P<unit>percentage\s+points?|percent(?:age)?|个百分点|个pct|pcts?|ppts?|pp|"
        r"basis\s+points?|bps|个基点|%|％)")
PER_EN = (r"year[- ]on[- ]year|year[- ]over[- ]year|yoy|y/y|"
          r"quarter[- ]on[- ]quarter|quarter[- ]over[- ]quarter|qoq|q/q|sequentially")
PER_ZH = r"同比|环比|较上年同期|较去年同期|较上一?季度|YoY|QoQ"
UP_EN = (r"increases?|increased|increasing|growth|grew|grows?|growing|rises?|rose|rising|risen|up|"
         r"gains?|gained|expan(?:ded|sion)|improved?|improvement|higher|jump(?:ed)?|surged?|climbed")
DOWN_EN = (r"decreases?|decreased|decreasing|declines?|declined|declining|drops?|dropped|dropping|"
           r"falls?|fell|falling|down|lower|reduction|reduced|shr[ai]nk|contract(?:ed|ion)")
UP_ZH = r"增长|增加|提升|上升|上涨|提高|扩大|改善|增|升|涨"
DOWN_ZH = r"下降|下滑|减少|降低|下跌|回落|收窄|减|降|跌"
DOWN = re.compile(rf"^(?:{DOWN_EN}|{DOWN_ZH})$", re.I)
CURRENCY = {"rmb": "CNY", "cny": "CNY", "yuan": "CNY", "¥": "CNY", "人民币": "CNY", "元": "CNY",
            "usd": "USD", "us$": "USD", "$": "USD", "us dollars": "USD", "dollars": "USD", "美元": "USD",
            "hkd": "HKD", "hk$": "HKD", "港元": "HKD", "港币": "HKD"}
SCALE = {  # scale word -> (unit scale, factor to apply to the stated number)
    "billion": ("bn", 1), "bn": ("bn", 1), "million": ("mn", 1), "mn": ("mn", 1),
    "thousand": ("mn", Decimal("0.001")),
    "亿": ("mn", 100), "千万": ("mn", 10), "百万": ("mn", 1), "万": ("mn", Decimal("0.01")),
    "": ("mn", Decimal("0.000001")),
}
CUR_EN = r"RMB|CNY|US\$|USD|HK\$|HKD|¥|\$"

FIGURE_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("change", rf"(?P<per>{PER_EN})\s+(?P<dir>{UP_EN}|{DOWN_EN})\s+(?:of\s+|by\s+)?"
                   rf"(?P<approx>{APPROX['en']})?\s*(?P<sign>[+\-−])?(?P<num>{NUM})\s*{UNIT}"),
        ("change", rf"(?P<dir>{UP_EN}|{DOWN_EN})\s+(?:of\s+|by\s+)?(?P<approx>{APPROX['en']})?\s*"
                   rf"(?P<num>{NUM})\s*{UNIT}(?:\s+(?P<per>{PER_EN}))?"),
        ("change", rf"(?P<approx>[~≈><])?(?P<sign>[+\-−])?(?P<num>{NUM})\s*{UNIT}\s+(?:(?P<per>{PER_EN})\s*)"
                   rf"(?P<dir>{UP_EN}|{DOWN_EN})?"),
        ("change", rf"(?P<num>{NUM})\s*{UNIT}\s+(?P<dir>{UP_EN}|{DOWN_EN})(?:\s+(?P<per>{PER_EN}))?"),
        ("change", rf"(?P<per>{PER_EN})\s*(?P<sign>[+\-−])\s*(?P<num>{NUM})\s*{UNIT}"),
        ("amount", rf"(?P<sign>[\-−])?(?P<cur>{CUR_EN})\s?(?P<num>{NUM})\s*"
                   r"(?P<scale>billion|bn|million|mn|thousand)?(?![A-Za-z])"),
        ("amount", rf"(?P<sign>[\-−])?(?P<num>{NUM})\s*(?P<scale>billion|bn|million|mn|thousand)(?![A-Za-z])"
                   rf"(?:\s*(?P<cur>RMB|CNY|yuan|USD|US dollars|dollars|HKD)(?![A-Za-z]))?"),
        ("amount", rf"(?P<num>{NUM})\s*(?P<cur>RMB|CNY|yuan|USD)(?![A-Za-z])"),
        ("percent", rf"(?P<num>{NUM})\s*(?:%|％|percent(?![A-Za-z]))"),
        ("share", r"(?:accounted|accounting|accounts|made up|making up|makes up|represented|representing|"
                  rf"represents|comprised|comprising|comprises)\s+(?:for\s+)?(?P<approx>{APPROX['en']})?\s*"
                  r"(?P<num>{num})\s*(?:%|percent)\s+of\s+(?:the\s+)?(?:company's\s+|its\s+)?(?P<y>{mention})?"),
        ("loss", r"(?<![A-Za-z])(?:a\s+)?loss(?:es)?(?![A-Za-z])"),
        ("unknown", r"(?<![A-Za-z])(?:net\s+(?:profit|loss|income|margin)|profit|earnings|income|margin|"
                    r"expenses?|costs?|cash\s+flow|capex|users?|customers?|orders|bookings|backlog|ARPU|"
                    r"dividends?|proportion|share)(?![A-Za-z])"),
    ),
    "zh": (
        ("change", rf"(?P<per>{PER_ZH})\s*[、/和及与]\s*(?P<per2>{PER_ZH})\s*分别\s*(?P<dir>{UP_ZH}|{DOWN_ZH})?\s*"
                   rf"(?P<sign>[+\-−])?(?P<num>{NUM})\s*(?P<unit>%|％|个百分点|pct|pp)?\s*[、/和及与,，]\s*"
                   rf"(?P<sign2>[+\-−])?(?P<num2>{NUM})\s*(?P<unit2>%|％|个百分点|pct|pp)"),
        ("change", rf"(?P<per>{PER_ZH})\s*(?P<dir>{UP_ZH}|{DOWN_ZH})?\s*了?\s*(?P<approx>{APPROX['zh']})?\s*"
                   rf"(?P<sign>[+\-−])?\s*(?P<num>{NUM})\s*{UNIT}"),
        ("change", rf"(?P<per>同|环)(?P<dir>增|降|减|升|涨|跌)\s*(?P<sign>[+\-−])?(?P<num>{NUM})\s*{UNIT}"),
        ("change", rf"(?P<dir>{UP_ZH}|{DOWN_ZH})\s*了?\s*(?P<approx>{APPROX['zh']})?\s*(?P<num>{NUM})\s*{UNIT}"),
        ("amount", rf"(?P<sign>[\-−])?(?:(?P<cur0>人民币|RMB)\s*)?(?P<num>{NUM})\s*(?P<scale>亿|千万|百万|万)?\s*"
                   rf"(?P<cur>元|美元|港元|港币|人民币)"),
        ("amount", rf"(?P<sign>[\-−])?(?:(?P<cur0>人民币|RMB)\s*)?(?P<num>{NUM})\s*(?P<scale>亿|千万|百万|万)"),
        ("share", r"占(?:比)?\s*了?\s*(?P<y>{mention})?\s*的?\s*(?:比重|比例|份额)?\s*(?:为|达到|达|约|超|升至|提升至|增至)?\s*"
                  r"(?P<num>{num})\s*[%％]"),
        ("loss", r"亏损"),
        ("unknown", r"归母净利润|净利润|净利|净亏损|利润总额|利润率|净利率|现金流|资本开支|费用率|费用|成本|"
                    r"用户数?|客户数?|订单|比重|占比"),
    ),
}
PERCENT_UNITS = {"%", "％", "percent", "percentage"}
BP_UNITS = re.compile(r"basis|bps|个基点", re.I)
CLAUSE = re.compile(r"[,，;；。](?!\d{3}(?!\d))|\.(?=\s|$)")

# Words allowed between the start of a clause and a metric ("Q4 2024 revenue", "公司实现营业收入"):
# anything else qualifies the metric ("海外收入", "revenue from partners"), which is then not read.
FILLER = re.compile(
    r"\b(?:the|a|an|its|their|with|and|while|whereas|also|meanwhile|including|of which|where|which|"
    r"company(?:'s)?|group(?:'s)?|firm(?:'s)?|overall|quarterly|reported|had|has|have|posted|recorded|"
    r"achieved|generated|delivered|saw|realized|realised|booked|in|for|on|as|by|during|"
    r"this|that|quarter|year|period)\b"
    r"|公司|本公司|集团|实现|录得|取得|达成|单季度?|本季度?|当季|季度|其中|报告期内|期内|整体|合计|累计|"
    r"我们|此外|另外|同时|的|了|和|及|与|而|且|为|总", re.I)
SUFFIX_QUALIFIER = re.compile(r"^\s*(?:from|of|in|by|at|among|across|generated\s+by|contributed\s+by|"
                              r"attributable\s+to)\s+\S", re.I)
BASIS = r"adjusted|non-GAAP|non-IFRS|经调整|调整后|调整"
NEGATIVE_NAME = re.compile(r"亏损|loss", re.I)


# --- the draft -----------------------------------------------------------------------------------

@dataclass
class Draft:
    front: dict  # front matter fields in the order of the note format
    body: str  # Markdown
    unsure: list[str]  # for the contributor: lines not read, figures and fields to check, with their text
    marks: dict[str, list[str]] = field(default_factory=dict)  # "published", "metrics[2].yoy", "metrics" -> why

    def to_markdown(self) -> str:
        """Front matter with `# CHECK: why` on every field to check, then the body.

        Figures that fit nowhere are `# CHECK:` comment lines at the end of `metrics`; unread lines
        are a comment block at the top of the body. Once the marks are dealt with the note validates.
        """
        lines = ["---"]
        for key in FRONT_ORDER:
            if key not in self.front:
                continue
            value = self.front[key]
            if key != "metrics":
                lines.append(_marked(f"{key}: {_scalar(value)}", self.marks.get(key)))
                continue
            stray = self.marks.get("metrics", [])
            lines.append("metrics:" if value else "metrics: []")
            for index, figure in enumerate(value):
                where = f"metrics[{index}]"
                # marks on fields the figure does not write (a period equal to the note's) go on its first line
                whole = self.marks.get(where, []) + [why for name, whys in self.marks.items()
                                                     if name.startswith(where + ".")
                                                     and name.removeprefix(where + ".") not in figure
                                                     for why in whys]
                for position, name in enumerate(k for k in FIGURE_ORDER if k in figure):
                    prefix = "  - " if position == 0 else "    "
                    reasons = self.marks.get(f"{where}.{name}", []) + (whole if position == 0 else [])
                    lines.append(_marked(f"{prefix}{name}: {_scalar(figure[name])}", reasons))
            lines += [f"  # CHECK: {why}" for why in stray]
        lines.append("---")
        body = self.body
        if self.marks.get("body"):
            listed = "\n".join("  " + line.replace("--", "- -") for line in self.marks["body"])
            body = ("<!-- CHECK: lines the importer could not read; move what matters into the note, "
                    f"then delete this block:\n{listed}\n-->\n\n{body}")
        return "\n".join(lines) + "\n\n" + body.rstrip() + "\n"

    def suggested_path(self) -> str:
        """notes/<company>/<period>-<source>.md, with `unknown-...` for what is not known yet."""
        def part(key: str, placeholder: str) -> str:
            value = str(self.front.get(key) or "")
            return value if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", value) and key not in self.marks \
                else placeholder
        return (f"notes/{part('company', 'unknown-company')}/"
                f"{part('period', 'unknown-period')}-{part('source', 'unknown-source')}.md")


def _marked(line: str, reasons: list[str] | None) -> str:
    return f"{line}   # CHECK: {'; '.join(reasons)}" if reasons else line


def _scalar(value: object) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


# --- reading -------------------------------------------------------------------------------------

@dataclass
class _Event:
    kind: str  # period | change | amount | percent | share | mention | loss | unknown | clause
    start: int
    end: int
    match: re.Match[str]
    clause: int = 0


@dataclass
class _Figure:
    metric: str
    segment: str | None
    basis: str | None
    period: str
    explicit_period: bool
    clause: int
    fact: str
    qualifier: str = ""  # the mention with words that make it something else: "revenue from partners"
    negative: bool = False  # the name says loss (经营亏损) or a loss word came before the amount
    value: float | int | None = None
    unit: str | None = None
    yoy: float | int | str | None = None
    qoq: float | int | str | None = None
    last_sign: int | None = None
    checks: dict[str, list[str]] = field(default_factory=dict)

    def check(self, name: str, why: str) -> None:
        self.checks.setdefault(name, []).append(why)

    @property
    def key(self) -> tuple:
        return (self.metric, self.segment, self.basis, self.period)

    def as_front(self, note_period: str) -> dict:
        front: dict = {"metric": self.metric}
        if self.segment:
            front["segment"] = self.segment
        if self.basis:
            front["basis"] = self.basis
        if self.period != note_period:
            front["period"] = self.period
        for name in ("value", "unit", "yoy", "qoq"):
            if getattr(self, name) is not None:
                front[name] = getattr(self, name)
        return front


def _number(text: str, factor: Decimal | int = 1) -> float | int:
    value = Decimal(text.replace(",", "")) * factor
    if value == value.to_integral_value() and ("." not in text or factor != 1):
        return int(value)
    return float(value)


def _excerpt(text: str, start: int, end: int, room: int = 70) -> str:
    left, right = max(0, start - room), min(len(text), end + room)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def _name_regex(names: list[str]) -> str:
    """An alternation of names, longest first; spaces and hyphens flexible, Latin words whole."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        body = re.sub(r"\\[ \-]", r"[\\s-]?", re.escape(name.strip())).replace(r"[\s-]?", r"[\s\-]*")
        before = r"(?<![A-Za-z0-9])" if re.match(r"[A-Za-z0-9]", name) else ""
        after = r"(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9]$", name) else ""
        parts.append(before + body + after)
    return "|".join(parts)


class _Reader:
    """Turns one digest into a Draft: header, sections, then figures fact by fact."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.unsure: list[str] = []
        self.marks: dict[str, list[str]] = {}
        self.note_period: Period | None = None  # read from the title first; yearless periods need it
        self.fy_end = 12
        metric_names = [n for m in registry.metrics for n in m.names]
        segment_names = [n for s in registry.segments for n in s.names]
        self.metric_by_name = {_key(n): m.id for m in registry.metrics for n in reversed(m.names)}
        self.segment_by_name = {_key(n): s.id for s in registry.segments for n in reversed(s.names)}
        mention = (rf"(?:(?:{BASIS})\s*)?(?:(?:{_name_regex(segment_names)})\s*(?:segment|business|业务|板块)?\s*)?"
                   rf"(?:{_name_regex(metric_names)})")
        self.mention = re.compile(
            rf"(?:(?P<basis>{BASIS})\s*)?(?:(?P<segment>{_name_regex(segment_names)})\s*"
            rf"(?:segment|business|业务|板块)?\s*(?:'s\s+)?)?(?P<metric>{_name_regex(metric_names)})", re.I)
        self.segment_suffix = re.compile(
            rf"^\s*(?:from|of|in)\s+(?:the\s+|its\s+)?(?P<segment>{_name_regex(segment_names)})"
            r"(?:\s+(?:business|segment|services?))?\s*(?:$|(?:was|were|is|reached|came|stood|totall?ed|"
            r"amounted|grew|rose|fell|increased|decreased|declined)\b)", re.I)
        self.patterns: list[tuple[str, re.Pattern[str]]] = [("mention", self.mention)]
        for language in ("en", "zh"):
            for kind, regex in FIGURE_PATTERNS[language]:
                regex = regex.replace("{mention}", mention).replace("{num}", NUM)
                self.patterns.append((kind, re.compile(regex, re.I)))
        self.patterns += [("period", p) for p, _ in PERIODS]
        self.patterns.append(("clause", CLAUSE))

    def mark(self, where: str, why: str, text: str = "") -> None:
        self.marks.setdefault(where, []).append(why)
        self.unsure.append(f"{where}: {why}" + (f" — from “{text}”" if text else ""))

    # --- header ----------------------------------------------------------------------------------

    def read(self, text: str) -> Draft:
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        source_at = next((i for i, line in enumerate(lines) if SOURCE_LINE.match(line)), None)
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        if source_at is not None:
            before = [i for i in nonblank if i < source_at]
            title_at = before[-1] if before else None
            body_lines = lines[source_at + 1:]
        else:
            title_at = next((i for i in nonblank if "【" in lines[i]), nonblank[0] if nonblank else None)
            body_lines = lines[title_at + 1:] if title_at is not None else []
        unread = [lines[i].strip() for i in nonblank if title_at is not None and i < title_at]

        raw_title = lines[title_at].strip() if title_at is not None else ""
        analysts_match = ANALYSTS.search(raw_title)
        if analysts_match and self.registry.companies.resolve(analysts_match["names"].strip()):
            analysts_match = None  # "(KC)": a ticker, not the analysts
        analysts = [a for a in re.split(r"\s*(?:[/、,，;；&]|\band\b)\s*", analysts_match["names"].strip()) if a] \
            if analysts_match else []
        title = raw_title[:analysts_match.start()].strip() if analysts_match else raw_title

        sections, body_unread = self.sections(body_lines)
        unread += body_unread
        language = self.language(raw_title + " " + " ".join(body_lines))
        company = self.company(title, " ".join(body_lines))
        if company:
            self.fy_end = self.registry.companies[company].fiscal_year_end
        self.note_period = self.title_period(title, " ".join(body_lines))

        front: dict = {"title": title}
        if not title:
            self.mark("title", "no title line found; write one")
        elif language == "en" and CJK.search(title) or language == "zh" and not CJK.search(title):
            self.mark("title", f"the title is not in the note's language ({language}); keep it or translate it")
        front["company"] = company
        front["period"] = self.note_period.label if self.note_period else ""
        front["published"], front["source"] = self.published_and_source(
            lines[source_at] if source_at is not None else "")
        if analysts:
            front["analysts"] = analysts
        front["kind"] = self.kind(title)
        front["language"] = language

        figures: list[_Figure] = []
        stray: list[tuple[str, str]] = []
        for heading, facts in sections:
            context = self.periods_in(heading)
            for fact in facts:
                found, loose = self.figures(fact, context[0] if context else None)
                figures += found
                stray += loose
        figures = self.merge(figures, stray)
        metrics = []
        note_label = front["period"]
        for figure in figures:
            index = len(metrics)
            metrics.append(figure.as_front(note_label))
            for name, reasons in figure.checks.items():
                where = f"metrics[{index}]" + (f".{name}" if name else "")
                for why in reasons:
                    self.mark(where, why, figure.fact)
        for why, text in stray:
            self.mark("metrics", why, text)
        segments = list(dict.fromkeys(f.segment for f in figures if f.segment))
        if segments:
            front["segments"] = segments
        front["metrics"] = metrics
        for line in unread:
            self.marks.setdefault("body", []).append(line)
            self.unsure.append(f"line not read: “{line}”")
        return Draft({k: front[k] for k in FRONT_ORDER if k in front}, self.markdown(sections, language),
                     self.unsure, self.marks)

    def language(self, text: str) -> str:
        return "zh" if len(CJK.findall(text)) >= len(LATIN.findall(text)) else "en"

    def company(self, title: str, body: str) -> str:
        def score(text: str) -> dict[str, int]:
            counts: dict[str, int] = {}
            for company in self.registry.companies:
                hits = sum(len(re.findall(_company_regex(name), text, re.I)) for name in company.names)
                if hits:
                    counts[company.id] = hits
            return counts
        in_title, in_body = score(title), score(body)
        for where, counts in (("title", in_title), ("body", in_body)):
            if not counts:
                continue
            ranked = sorted(counts, key=lambda c: (-counts[c] - in_body.get(c, 0), c))
            best = ranked[0]
            if len(ranked) > 1:
                self.mark("company", f"several companies named in the {where} ({', '.join(ranked)}); "
                          f"took {best}")
            elif where == "body":
                self.mark("company", "the company is not named in the title; found in the body")
            return best
        self.mark("company", "no company from registry/companies.yml found; write its id "
                  "(or add it to the registry)", title)
        return ""

    def title_period(self, title: str, body: str) -> Period | None:
        for where, text in (("title", title), ("body", body)):
            found = [period for period, _ in self.periods_in(text)]
            if found:
                finest = min(found, key=lambda p: {"Q": 0, "H": 1, "FY": 2}[p.kind])
                if where == "body":
                    self.mark("period", "no period in the title; took the first one in the body", finest.label)
                return finest
        self.mark("period", "no period found; write it (like 2024Q4, FY2024, 2025H1)")
        return None

    def periods_in(self, text: str) -> list[tuple[Period, str]]:
        """The periods written in `text`, in order, each with why it is unsure ("" when it is not)."""
        hits = self.select([_Event("period", m.start(), m.end(), m) for p, _ in PERIODS for m in p.finditer(text)])
        found = []
        for event in hits:
            period, why = self.period_of(event.match)
            if period is not None:
                found.append((period, why))
        return found

    def period_of(self, match: re.Match[str]) -> tuple[Period | None, str]:
        """(period, why it is unsure or "") for a match of a PERIODS pattern."""
        template = next(t for p, t in PERIODS if p is match.re)
        if template.startswith("?"):
            note = self.note_period
            if note is None:
                return None, ""
            if template == "?FY":
                period = Period("FY", note.fiscal_year, 0, note.fy_end_month)
            elif template == "?H":
                half = 2 if re.search(r"下|2", match[0]) else 1
                period = Period("H", note.fiscal_year, half, note.fy_end_month)
            else:
                quarter = int(re.sub(r"\D", "", match[0].translate(_ZH_DIGITS)))
                if note.kind == "Q" and note.label.endswith(f"Q{quarter}"):
                    return note, ""
                period = calendar_quarter(note.end.year, quarter, note.fy_end_month)
            return period, f"'{match[0]}' has no year; read as {period.label}"
        text = match.expand(template)
        text = re.sub(r"^(first|second) half (\d{4})$",
                      lambda m: f"{m[2]}H{1 if m[1].lower() == 'first' else 2}", text, flags=re.I)
        try:
            return parse_period(text, self.fy_end), ""
        except PeriodError:
            return None, ""

    def published_and_source(self, line: str) -> tuple[str, str]:
        match = SOURCE_LINE.match(line) if line else None
        if not match:
            self.mark("published", "no 'source · date time' line found; write the date, time and time zone")
            self.mark("source", "no 'source · date time' line found; write a source id from registry/sources.yml")
            return "", ""
        name = match["source"].strip(" ·•・|｜")
        hour, minute = (int(match["H"]), int(match["M"])) if match["H"] else (0, 0)
        published = f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d} {hour:02d}:{minute:02d}"
        zone = _zone(match["tz"])
        if not match["H"]:
            self.mark("published", "no time in the header; 00:00 written", line.strip())
        if zone is None:
            zone = "+08:00"
            who = "a Chinese source" if CJK.search(name) else "a source whose time zone is not known"
            self.mark("published", f"no time zone in the header; +08:00 assumed for {who}", line.strip())
        return f"{published} {zone}", self.source(name)

    def source(self, name: str) -> str:
        if not name:
            self.mark("source", "no source named in the header; write a source id from registry/sources.yml")
            return ""
        found = self.registry.sources.resolve(name)
        if found:
            return found
        folded = _fold(name)
        close = sorted({s.id for s in self.registry.sources for n in s.names
                        if len(_fold(n)) >= 2 and (_fold(n) in folded or folded in _fold(n))})
        if len(close) == 1:
            self.mark("source", f"'{name}' is not a registered name; matched to {close[0]} by part of its name")
            return close[0]
        self.mark("source", f"unknown source '{name}': write a source id from registry/sources.yml "
                  "(or add the source there)")
        return name

    def kind(self, title: str) -> str:
        for kind, regex in KINDS:
            if regex.search(title):
                return kind
        self.mark("kind", "the title does not say review, preview or call; earnings-review written")
        return "earnings-review"

    # --- sections --------------------------------------------------------------------------------

    def sections(self, lines: list[str]) -> tuple[list[tuple[str, list[str]]], list[str]]:
        """[(heading, facts)] with heading "" for the core viewpoint, and the lines not read."""
        sections: list[tuple[str, list[str]]] = []
        unread: list[str] = []
        for line in (line.strip() for line in lines):
            if not line:
                continue
            pieces = SECTION.split(line)  # text, then per marker: core, group, risk, text
            head, rest = pieces[0], pieces[1:]
            bulleted = bool(BULLET.match(head))
            for position, part in enumerate(p.strip() for p in BULLET.split(head)):
                if not part:
                    continue
                facts = sections[-1][1] if sections else None
                if facts is None:
                    unread.append(part)
                elif position == 0 and not bulleted and facts and not SENTENCE_END.search(facts[-1]):
                    facts[-1] += " " + part  # a fact wrapped onto the next line
                else:
                    facts.append(part)
            for index in range(0, len(rest), 4):
                core, group, risk, text = rest[index:index + 4]
                heading = "" if core else " ".join((group or risk).split())
                if group:  # "Group 1: Heading - fact - fact": the heading runs to the first bullet
                    own, *content = BULLET.split(" " + text, maxsplit=1)
                    heading, text = own.strip() or heading, content[0] if content else ""
                facts = [p.strip() for p in BULLET.split(text) if p.strip()]
                sections.append((heading, facts))
        if not sections and unread:  # no recognised sections: keep the text as plain paragraphs
            self.unsure.append("body: no 'Core Viewpoint' or 'Group' sections found; the text is kept as it is")
            sections, unread = [("", unread)], []
        return sections, unread

    def markdown(self, sections: list[tuple[str, list[str]]], language: str) -> str:
        out = []
        for heading, facts in sections:
            if not heading:
                label = "**核心观点：**" if language == "zh" else "**Core viewpoint.**"
                out.append(f"{label} {facts[0]}" if facts else label)
                out += [f"- {fact}" for fact in facts[1:]]
            else:
                out.append(f"## {heading}\n")
                out += [f"- {fact}" for fact in facts]
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    # --- figures ---------------------------------------------------------------------------------

    @staticmethod
    def select(events: list[_Event]) -> list[_Event]:
        """Non-overlapping events, earliest first; at the same start the longest wins."""
        chosen: list[_Event] = []
        end = 0
        for event in sorted(events, key=lambda e: (e.start, -(e.end - e.start))):
            if event.start >= end and event.end > event.start:
                chosen.append(event)
                end = event.end
        return chosen

    def events(self, fact: str) -> list[_Event]:
        found = [_Event(kind, m.start(), m.end(), m) for kind, regex in self.patterns for m in regex.finditer(fact)]
        events = self.select(found)
        clause = 0
        for event in events:
            if event.kind == "clause":
                clause += 1
            event.clause = clause
        return events

    def figures(self, fact: str, context: tuple[Period, str] | None) -> tuple[list[_Figure], list[tuple[str, str]]]:
        """The figures one fact states, and what could not be placed: (why, excerpt)."""
        events = self.events(fact)
        note_label = self.note_period.label if self.note_period else ""
        period, explicit = (context[0].label, True) if context else (note_label, False)
        period_why = context[1] if context else ""
        figures: list[_Figure] = []
        stray: list[tuple[str, str]] = []
        current: _Figure | None = None

        def lost(event: _Event, why: str) -> None:
            stray.append((f"'{event.match[0].strip()}' {why}", _excerpt(fact, event.start, event.end)))

        for index, event in enumerate(events):
            m = event.match
            next_start = events[index + 1].start if index + 1 < len(events) else len(fact)
            if event.kind == "period":
                found, why = self.period_of(m)
                if found is None:
                    continue
                if current and current.clause == event.clause and not current.explicit_period:
                    current.period, current.explicit_period = found.label, True
                    if why:
                        current.check("period", why)
                period, explicit, period_why = found.label, True, why
            elif event.kind == "mention":
                current = self.open(m, fact, period, explicit, event.clause,
                                    _words_before(fact, events, index), fact[event.end:next_start])
                if period_why:
                    current.check("period", period_why)
                figures.append(current)
            elif event.kind in ("amount", "percent"):
                is_amount = event.kind == "amount"
                fits = (current is not None and current.clause == event.clause and current.value is None
                        and not current.qualifier
                        and self.registry.metrics[current.metric].is_ratio != is_amount)
                if not fits:
                    lost(event, "fits no figure: no metric recognised for it" if current is None else
                         _unregistered(current) if current.qualifier else
                         f"does not fit the figure for {current.metric}")
                    current = None
                    continue
                if is_amount:
                    self.amount(current, m, fact[:event.start])
                else:
                    current.value, current.unit = _number(m["num"]), "%"
                    self.approximate(current, fact[:event.start])
            elif event.kind == "change":
                for per, sign, number, unit, approx, direction in _changes(m):
                    self.change(current, per, sign, number, unit, approx, direction, event, fact, lost)
                    if current is None:
                        break
            elif event.kind == "share":
                current = self.share(current, m, fact, event, lost)
                if current is not None:
                    figures.append(current)
            elif event.kind == "loss":
                if current and current.clause == event.clause and current.value is None:
                    current.negative = True
                else:
                    current = None
            elif event.kind == "unknown":
                current = None
        return [f for f in figures if f.value is not None or f.yoy is not None or f.qoq is not None], stray

    def open(self, m: re.Match[str], fact: str, period: str, explicit: bool, clause: int,
             before: str, after: str) -> _Figure:
        metric = self.metric_by_name[_key(m["metric"])]
        segment = self.segment_by_name[_key(m["segment"])] if m["segment"] else None
        if segment is None and (suffix := self.segment_suffix.match(after)):
            segment = self.segment_by_name[_key(suffix["segment"])]
        figure = _Figure(metric, segment, "adjusted" if m["basis"] else None, period, explicit, clause, fact,
                         negative=bool(NEGATIVE_NAME.search(m["metric"])))
        residue = FILLER.sub(" ", before)
        residue = re.sub(r"[\s\W_]+", "", residue) if not CJK.search(residue) else re.sub(r"[\s\W_\d]+", "", residue)
        if residue:
            figure.qualifier = f"{before.strip()} {m[0]}" if LATIN.search(before) else f"{before.strip()}{m[0]}"
        elif segment is None and SUFFIX_QUALIFIER.match(after):
            figure.qualifier = f"{m[0]} {after.strip()}"
        return figure

    def amount(self, figure: _Figure, m: re.Match[str], before: str) -> None:
        groups = m.groupdict()
        scale_word = (groups.get("scale") or "").lower()
        currency_word = (groups.get("cur") or groups.get("cur0") or "").lower()
        scale, factor = SCALE[scale_word]
        currency = CURRENCY.get(currency_word)
        if currency is None:
            currency = "CNY"
            figure.check("unit", "no currency stated; CNY assumed")
        elif currency == "HKD":
            figure.check("unit", "an amount in HKD: convert it to CNY or USD (units are CNY/USD mn/bn)")
        if not scale_word:
            figure.check("value", "no scale (million, billion, 亿) stated; converted from units to mn")
        value = _number(m["num"], factor)
        if groups.get("sign") or figure.negative:
            value = -value
        if value < 0 and not self.registry.metrics[figure.metric].signed:
            figure.check("value", f"a negative value for {figure.metric}, which cannot be negative")
        figure.value, figure.unit = value, f"{currency} {scale}"
        self.approximate(figure, before)

    @staticmethod
    def approximate(figure: _Figure, before: str) -> None:
        word = re.search(rf"({APPROX_ANY})\s*(?:人民币|RMB|CNY|US\$|\$)?\s*$", before, re.I)
        if word:
            figure.check("value", f"the source says '{word[1]}' (approximate)")

    def change(self, figure: _Figure | None, per: str | None, sign: int | None, number: str, unit: str,
               approx: str, direction: str | None, event: _Event, fact: str, lost) -> None:
        if figure is None or figure.qualifier:
            lost(event, "is a change with no metric recognised for it" if figure is None else _unregistered(figure))
            return
        is_ratio = self.registry.metrics[figure.metric].is_ratio
        points = unit != "%"
        if per is None:
            lost(event, f"is a change without a base (year on year or quarter on quarter?) for {figure.metric}")
            return
        if points != is_ratio:
            lost(event, f"is a change in {'percentage points' if points else 'percent'}, but {figure.metric} "
                 f"is {'an amount' if not is_ratio else 'a ratio'}")
            return
        if getattr(figure, per) is not None:
            lost(event, f"is a second {per} change for {figure.metric}")
            return
        if sign is None:
            if figure.last_sign is not None and not direction:
                sign = figure.last_sign
            else:
                sign = 1
                figure.check(per, "no direction (increase or decrease) stated; read as an increase")
        figure.last_sign = sign
        value = Decimal(number.replace(",", "")) / (100 if unit == "bp" else 1)
        stated: float | int | str = _number(str(value)) * sign if value else 0
        if approx:
            stated = f"{'>' if OVER.fullmatch(approx) else '~'}{stated}"
        if figure.value is not None and figure.value < 0:
            figure.check(per, "a change of a loss: check the sign the source means")
        setattr(figure, per, stated)

    def share(self, current: _Figure | None, m: re.Match[str], fact: str, event: _Event, lost) -> _Figure | None:
        base = self.mention.fullmatch(m["y"].strip()) if m["y"] else None
        base_metric = self.metric_by_name[_key(base["metric"])] if base else "revenue"
        base_segment = self.segment_by_name[_key(base["segment"])] if base and base["segment"] else None
        if current is None or current.qualifier:
            lost(event, "is a share with no metric recognised for it" if current is None else _unregistered(current))
            return None
        share_id = f"{current.metric}-share"
        if share_id not in self.registry.metrics or base_metric != "revenue":
            lost(event, f"is a share of {current.metric} in {base_metric or m['y']}, which has no metric in "
                 "registry/metrics.yml")
            return None
        figure = _Figure(share_id, base_segment or current.segment, current.basis, current.period,
                         current.explicit_period, event.clause, fact, value=_number(m["num"]), unit="%")
        if not m["y"] and CJK.search(m[0]) is None:
            figure.check("", "the share is not said to be of total revenue")
        self.approximate(figure, fact[:m.start("num")])
        return figure

    def merge(self, figures: list[_Figure], stray: list[tuple[str, str]]) -> list[_Figure]:
        """One figure per metric, segment, basis and period; a second statement may fill gaps."""
        merged: dict[tuple, _Figure] = {}
        for figure in figures:
            first = merged.get(figure.key)
            if first is None:
                merged[figure.key] = figure
                continue
            for name in ("value", "yoy", "qoq"):
                mine, theirs = getattr(first, name), getattr(figure, name)
                if theirs is None or theirs == mine:
                    continue
                if mine is None:
                    setattr(first, name, theirs)
                    if name == "value":
                        first.unit = figure.unit
                else:
                    stray.append((f"{figure.metric} {name} {theirs} differs from {mine} stated earlier",
                                  _excerpt(figure.fact, 0, 0, 140)))
            for name, reasons in figure.checks.items():
                first.checks.setdefault(name, []).extend(reasons)
        for figure in merged.values():
            if figure.value is None and self.registry.metrics[figure.metric].is_ratio:
                figure.unit = "%"
            elif figure.value is None:
                figure.unit = "CNY mn"
                figure.check("unit", "no amount stated, only its change; CNY mn written as the unit")
        return list(merged.values())


_ZH_DIGITS = str.maketrans({c: str(i) for i, c in enumerate(ZH_NUMBER[:4], start=1)})


def _unregistered(figure: _Figure) -> str:
    return (f"belongs to '{figure.qualifier}', which is not a registered metric "
            "(if it is one, add the name as an alias in registry/metrics.yml)")


def _words_before(fact: str, events: list[_Event], index: int) -> str:
    """The words in front of a metric, back to the start of its clause or the last figure-ish event;
    periods are left out, unknown metric words ("客户", "net profit") are kept: they qualify it."""
    start, spans = 0, []
    for event in reversed(events[:index]):
        if event.kind == "period":
            spans.append((event.start, event.end))
        elif event.kind not in ("unknown", "loss"):
            start = event.end
            break
    text = list(fact[start:events[index].start])
    for begin, end in spans:
        text[begin - start:end - start] = " " * (end - begin)
    return "".join(text)


def _changes(m: re.Match[str]):
    """(per, sign, number, unit, approx, direction) for each change a match states."""
    groups = m.groupdict()
    direction = groups.get("dir") or ""
    base_sign = -1 if direction and DOWN.match(direction) else (1 if direction else None)
    pers = [groups.get("per"), groups.get("per2")] if groups.get("per2") else [groups.get("per")]
    numbers = [(groups.get("sign"), groups["num"], groups.get("unit") or groups.get("unit2") or "%")]
    if groups.get("num2"):
        numbers.append((groups.get("sign2"), groups["num2"], groups.get("unit2") or "%"))
    for per, (sign_text, number, unit) in zip(pers, numbers):
        sign = base_sign
        if sign_text:
            sign = -1 if sign_text in "-−" else 1
            sign = sign * (base_sign or 1)
        yield (_per(per), sign, number, _unit(unit), groups.get("approx") or "", direction)


def _per(text: str | None) -> str | None:
    if not text:
        return None
    return "qoq" if re.search(r"quarter|qoq|q/q|sequential|环|季度", text, re.I) else "yoy"


def _unit(text: str) -> str:
    text = text.lower()
    if BP_UNITS.search(text):
        return "bp"
    return "%" if text in PERCENT_UNITS else "pp"


def _zone(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip().upper()
    if text in ("HKT", "北京时间"):
        return "+08:00"
    if text in ("UTC", "GMT", "Z"):
        return "+00:00"
    m = re.search(r"([+-])(\d{1,2}):?(\d{2})?", text)
    return f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}" if m else None


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _key(name: str) -> str:
    """A name as the mention regex may have matched it: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s\-]+", "", name.casefold())


def _company_regex(name: str) -> str:
    """A company name, ticker or alias as it may appear in a digest; bare numbers only as (3896)."""
    if re.fullmatch(r"\d+", name):
        return rf"[(（]\s*0*{re.escape(name.lstrip('0'))}(?:\.HK)?\s*[)）]"
    return _name_regex([name])


def import_digest(text: str, registry: Registry) -> Draft:
    """A draft note from a digest's text; see the module docstring for what is read."""
    return _Reader(registry).read(text)


def main_import(path_or_dash: str, registry_dir: Path, out: Path | None) -> int:
    """`digest import FILE|-`: write the draft (never over an existing file) and list what to check.

    Exit codes: 0 the draft was written; 1 the target file exists; 2 the input or registry could not
    be read.
    """
    try:
        text = sys.stdin.read() if path_or_dash == "-" else Path(path_or_dash).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"digest import: cannot read {path_or_dash}: {error}", file=sys.stderr)
        return 2
    if not text.strip():
        print(f"digest import: {path_or_dash} is empty", file=sys.stderr)
        return 2
    problems = ProblemList()
    registry = load_registry(registry_dir, problems)
    if problems.errors:
        for problem in problems.sorted():
            print(problem.format(), file=sys.stderr)
        return 2
    draft = import_digest(text, registry)
    target = out if out is not None else registry_dir.parent / draft.suggested_path()
    if target.exists():
        print(f"digest import: {target} exists; not overwritten (give another path with the output option)",
              file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(draft.to_markdown(), encoding="utf-8")
    print(f"Draft written to {target}")
    if draft.unsure:
        print(f"{len(draft.unsure)} item(s) to check (marked '# CHECK:' in the draft):")
        for item in draft.unsure:
            print(f"- {item}")
    else:
        print("Nothing to check: run digest check.")
    return 0
