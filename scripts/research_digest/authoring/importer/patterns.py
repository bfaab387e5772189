"""The importer's tables: regexes and word lists for a digest's header, sections, periods and figures.

Figures are read clause by clause from a table of regexes per language (`FIGURE_PATTERNS`): a metric
mention (names and aliases from the registry, with an optional segment and basis in front) opens a
figure; an amount or percentage in the same clause is its value; year-on-year and quarter-on-quarter
changes that follow fill its yoy/qoq. Where patterns overlap, `select` keeps one match per span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

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
# scale word -> (unit scale, factor to apply to the stated number)
SCALE: dict[str, tuple[str, Decimal | int]] = {
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
        ("share", r"占(?:比)?\s*了?\s*(?P<y>{mention})?\s*的?\s*(?:比重|比例|份额)?\s*"
                  r"(?:为|达到|达|约|超|升至|提升至|增至)?\s*(?P<num>{num})\s*[%％]"),
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
_ZH_DIGITS = str.maketrans({c: str(i) for i, c in enumerate(ZH_NUMBER[:4], start=1)})


def zh_digits(text: str) -> str:
    """一二三四 as 1234, for quarter numbers written in Chinese."""
    return text.translate(_ZH_DIGITS)


def name_regex(names: list[str]) -> str:
    """An alternation of names, longest first; spaces and hyphens flexible, Latin words whole."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        body = re.sub(r"\\[ \-]", r"[\\s-]?", re.escape(name.strip())).replace(r"[\s-]?", r"[\s\-]*")
        before = r"(?<![A-Za-z0-9])" if re.match(r"[A-Za-z0-9]", name) else ""
        after = r"(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9]$", name) else ""
        parts.append(before + body + after)
    return "|".join(parts)


def name_key(name: str) -> str:
    """A name as the mention regex may have matched it: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s\-]+", "", name.casefold())


def company_regex(name: str) -> str:
    """A company name, ticker or alias as it may appear in a digest; bare numbers only as (3896)."""
    if re.fullmatch(r"\d+", name):
        return rf"[(（]\s*0*{re.escape(name.lstrip('0'))}(?:\.HK)?\s*[)）]"
    return name_regex([name])


@dataclass
class Event:
    """A match of one of the patterns in a fact; `clause` counts the clause breaks before it."""

    kind: str  # period | change | amount | percent | share | mention | loss | unknown | clause
    start: int
    end: int
    match: re.Match[str]
    clause: int = 0


def select(events: list[Event]) -> list[Event]:
    """Non-overlapping events, earliest first; at the same start the longest wins."""
    chosen: list[Event] = []
    end = 0
    for event in sorted(events, key=lambda e: (e.start, -(e.end - e.start))):
        if event.start >= end and event.end > event.start:
            chosen.append(event)
            end = event.end
    return chosen

# --- a broker's view: rating, target price, forecasts ---------------------------------------------

QUOTE_OPEN, QUOTE_CLOSE = r"[“\"「『‘']?", r"[”\"」』’']?"
RATING_WORDS_ZH = (r"强烈推荐|谨慎推荐|审慎增持|跑赢行业|跑输行业|优于大市|同步大市|弱于大市|跑赢大市|"
                   r"买入|增持|中性|持有|减持|卖出|推荐|强推")
RATING_WORDS_EN = (r"strong\s+buy|buy|outperform|overweight|accumulate|add|neutral|hold|market[\s-]perform|"
                   r"equal[\s-]?weight|in[\s-]line|underperform|underweight|reduce|sell")
RATING_PATTERNS = tuple(re.compile(p, re.I) for p in (
    rf"(?P<action>维持|重申|首次覆盖并?给予|首次覆盖|首次给予|上调至|下调至|上调|下调|给予)[^，,。；;“\"「『]{{0,16}}?"
    rf"{QUOTE_OPEN}(?P<word>{RATING_WORDS_ZH}){QUOTE_CLOSE}\s*(?:投资)?评级",
    rf"(?:投资)?评级\s*[-–:：为是]?\s*{QUOTE_OPEN}(?P<word>{RATING_WORDS_ZH}){QUOTE_CLOSE}"
    r"\s*(?:[(（](?P<action>维持|首次|上调|下调)[)）])?",
    rf"(?P<action>maintain\w*|reiterat\w*|keep\w*|kept|initiat\w*(?:\s+coverage)?|upgrad\w*|downgrad\w*)\s+"
    rf"(?:[\w.'’&-]+\s+){{0,5}}?(?:(?:at|with|to|as)\s+(?:an?\s+)?)?{QUOTE_OPEN}(?P<word>{RATING_WORDS_EN})"
    rf"{QUOTE_CLOSE}(?:\s+rating)?(?![A-Za-z])",
    rf"(?<![A-Za-z]){QUOTE_OPEN}(?P<word>{RATING_WORDS_EN}){QUOTE_CLOSE}\s+rating(?:\s+(?:is\s+)?"
    r"(?P<action>maintained|reiterated|initiated))?",
))
RATING_ACTIONS = (("maintained", r"维持|重申|maintain|reiterat|keep|kept"), ("initiated", r"首次|initiat"),
                  ("upgraded", r"上调|upgrad"), ("downgraded", r"下调|downgrad"))
_PRICE_CUR_ZH = r"港元|港币|美元|人民币|元"
_PRICE_CUR_EN = r"HK\$|US\$|RMB|CNY|HKD|USD|\$"
TARGET_PATTERNS = tuple(re.compile(p, re.I) for p in (
    rf"目标价(?:格|位)?\s*(?:由\s*(?P<prev>{NUM})\s*(?:{_PRICE_CUR_ZH})?\s*)?"
    rf"(?:(?:大幅|小幅)?(?P<dir>上调|下调|调升|调降|提高|降低|上修|下修|维持)\s*了?\s*(?:{NUM}\s*[%％]\s*)?)?"
    rf"(?:至|到|为|:|：)?\s*(?P<cur0>{_PRICE_CUR_EN}|港币|人民币)?\s*(?P<num>{NUM})\s*(?P<cur>{_PRICE_CUR_ZH})?",
    rf"(?:(?P<dir>rais\w*|lift\w*|increas\w*|cut\w*|lower\w*|reduc\w*|trim\w*|maintain\w*|keep\w*)\s+"
    rf"(?:our\s+|the\s+|its\s+)?)?(?:12-month\s+)?(?:target\s+price|price\s+target|TP)\s*"
    rf"(?:from\s+(?:{_PRICE_CUR_EN})\s?(?P<prev>{NUM})\s+)?(?:to|of|at|is|:)?\s*"
    rf"(?P<cur0>{_PRICE_CUR_EN})\s?(?P<num>{NUM})(?:\s*\(from\s+(?:{_PRICE_CUR_EN})\s?(?P<prev2>{NUM})\))?",
))
TARGET_ACTIONS = (("raised", r"上调|调升|提高|上修|rais|lift|increas"),
                  ("cut", r"下调|调降|降低|下修|cut|lower|reduc|trim"),
                  ("maintained", r"维持|maintain|keep"))
FORECAST_MARK = re.compile(r"预计|预测|预期|估计|(?<![A-Za-z])(?:expect(?:s|ed|ing)?|forecast(?:s|ed|ing)?|"
                           r"estimate[sd]?|anticipate[sd]?)(?![A-Za-z])|(?<![\d.])(?:20)?\d{2}E(?![A-Za-z])", re.I)
# "低于市场预期", "higher than expected": an actual set against expectations, not a forecast
AGAINST_EXPECTATIONS = re.compile(r"(?:高于|低于|超出?|符合|不及|好于|差于|略超|大超)(?:市场|我们的?)?预期|"
                                  r"(?:than|as)\s+expected|expectations?", re.I)
# "2025/2026/2027年", "25-27E", "2025及2026年", "FY2025" is a period pattern; a range runs year by year
YEAR_LIST = re.compile(r"(?<![\d.,QqHh])(?:(?:20)?\d{2}(?:E|年|财年)?(?:\s*(?:/|、|及|和|与|and|-|–)\s*(?:20)?\d{2}"
                       r"(?:E|年|财年)?)+|20\d{2}(?:E|年|财年)?|\d{2}(?:E|年|财年))(?![\d%％.])", re.I)
SENTENCE = re.compile(r"[^。；;]+[。；;]?")
