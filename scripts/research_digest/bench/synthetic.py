"""A synthetic corpus of FICTIONAL companies for the benchmark: registries and notes of realistic shape.

Everything here is invented (names, tickers, figures, brokers); nothing describes a real company.
The corpus is a grid of companies x quarters x sources, filled to the number of notes asked for, from
a fixed random seed, so the same size always gives the same files. Bodies mix Chinese and English
and run 1-3 KB; every note tags a dozen figures, most of them by segment. A broker's review also
gives its view: a rating in its own words, a target price, and estimates of the next quarter's revenue
and gross margin, a few percent off what the next quarter's notes then report.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 20250101
QUARTERS = [f"{year}Q{q}" for year in range(2020, 2025) for q in range(1, 5)]  # 20 quarters
MAX_COMPANIES = 100
SEGMENTS_PER_COMPANY = 3

_PREFIX_EN = ["Aurora", "Borealis", "Cascade", "Dynamo", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
              "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Pioneer", "Quasar", "Redwood", "Summit",
              "Tundra", "Umbra", "Vertex", "Willow", "Xenon", "Zephyr"]
_PREFIX_ZH = ["极光", "北辰", "飞瀑", "动能", "余烬", "峡湾", "花岗", "港湾", "鸢尾", "杜松", "隼鸟", "流明", "子午",
              "雨云", "兰花", "先锋", "类星", "红杉", "峰顶", "冻原", "暗影", "顶点", "柳树", "氙光", "和风"]
_SUFFIX_EN = ["Cloud", "Data", "Systems", "Networks"]
_SUFFIX_ZH = ["云", "数据", "系统", "网络"]
_SEGMENTS = [("compute", "Compute", "计算"), ("storage", "Storage", "存储"), ("networking", "Networking", "网络服务"),
             ("ai-platform", "AI platform", "人工智能平台"), ("saas", "SaaS", "软件即服务"),
             ("data-centres", "Data centres", "数据中心"), ("security", "Security", "安全"),
             ("edge", "Edge computing", "边缘计算"), ("databases", "Databases", "数据库"),
             ("consulting", "Consulting", "咨询服务"), ("payments", "Payments", "支付"),
             ("advertising", "Advertising", "广告")]
_GENERIC_SOURCES = [("company-release", "Company results release", "公司业绩公告", "company"),
                    ("earnings-call", "Earnings call", "业绩电话会", "company")]
_BROKERS = [("northwind-securities", "Northwind Securities", "北风证券"),
            ("lakeside-capital", "Lakeside Capital Research", "湖畔资本研究"),
            ("pinecrest-research", "Pinecrest Research", "松冠研究"),
            ("silverline-securities", "Silverline Securities", "银线证券"),
            ("bluebay-research", "Bluebay Research", "蓝湾研究"),
            ("stonebridge-capital", "Stonebridge Capital", "石桥资本"),
            ("eastwind-securities", "Eastwind Securities", "东风证券研究"),
            ("highpoint-research", "Highpoint Research", "高点研究")]
_SCALES = [{"买入": "buy", "增持": "outperform", "中性": "hold", "减持": "underperform", "卖出": "sell"},
           {"Buy": "buy", "Outperform": "outperform", "Neutral": "hold", "Underperform": "underperform",
            "Sell": "sell"}]
# (source id, kind) of the notes on one company and quarter; the first note's source turns with the quarter,
# so that even a small corpus holds brokers' reviews, with their views, beside the company's releases.
_ROUNDS = [("company-release", "results-summary"), ("earnings-call", "call-digest")] + [
    (broker, "earnings-review") for broker, _, _ in _BROKERS]

_ZH_SENTENCES = [
    "公司本季度收入同比增长，主要受益于{segment}业务的强劲需求。",
    "管理层在业绩会上表示，{company}将继续加大对人工智能基础设施的投入。",
    "我们认为{company}的毛利率改善趋势有望延续，维持买入评级。",
    "{segment}业务收入环比提升，客户结构持续优化，大客户占比下降。",
    "公司经营现金流转正，资本开支保持克制，资产负债表稳健。",
    "行业竞争格局趋于理性，价格战压力有所缓解，利润率逐步修复。",
    "我们上调{company}全年收入预测，反映订单储备的增长。",
    "风险提示：宏观经济波动、行业竞争加剧、技术迭代不及预期。",
]
_EN_SENTENCES = [
    "Revenue growth was driven by {segment}, where demand from large customers stayed firm.",
    "Management said {company} would keep investing in AI infrastructure through the year.",
    "We see room for further gross margin expansion as the product mix shifts to higher-value services.",
    "The {segment} business grew quarter on quarter, helped by new enterprise contracts.",
    "Operating cash flow turned positive while capital expenditure stayed disciplined.",
    "Pricing pressure eased as competitors focused on profitability rather than share.",
    "We raise our full-year revenue forecast for {company} to reflect a larger order backlog.",
    "Risks: a weaker macro backdrop, sharper competition and slower adoption of new products.",
]


@dataclass(frozen=True)
class FictionalCompany:
    id: str
    name_en: str
    name_zh: str
    segments: tuple[str, ...]
    base_revenue: float  # CNY mn in the first quarter


def companies_for(notes: int) -> int:
    """How many companies a corpus of `notes` notes covers: one note per company and quarter first."""
    return max(2, min(MAX_COMPANIES, math.ceil(notes / len(QUARTERS))))


def fictional_companies(count: int, rng: random.Random) -> list[FictionalCompany]:
    out = []
    for index in range(count):
        prefix, suffix = index % len(_PREFIX_EN), index // len(_PREFIX_EN) % len(_SUFFIX_EN)
        segments = tuple(s[0] for s in rng.sample(_SEGMENTS, SEGMENTS_PER_COMPANY))
        out.append(FictionalCompany(f"{_PREFIX_EN[prefix].lower()}-{_SUFFIX_EN[suffix].lower()}",
                                    f"{_PREFIX_EN[prefix]} {_SUFFIX_EN[suffix]}",
                                    _PREFIX_ZH[prefix] + _SUFFIX_ZH[suffix], segments,
                                    round(rng.uniform(500, 20000), 1)))
    return out


def registry_files(companies: list[FictionalCompany]) -> dict[str, str]:
    """companies.yml, segments.yml and sources.yml; JSON lines are valid YAML and need no escaping."""
    company_yml = "".join(
        "- " + json.dumps({"id": c.id, "name_en": c.name_en, "name_zh": c.name_zh, "tickers": {"XTST": f"T{i:03d}"},
                           "fiscal_year_end": 12, "segments": list(c.segments)}, ensure_ascii=False) + "\n"
        for i, c in enumerate(companies))
    segment_yml = "".join(f"- {json.dumps({'id': s, 'label_en': en, 'label_zh': zh}, ensure_ascii=False)}\n"
                          for s, en, zh in _SEGMENTS)
    sources: list[dict[str, object]] = [{"id": s, "name_en": en, "name_zh": zh, "kind": kind}
                                        for s, en, zh, kind in _GENERIC_SOURCES]
    sources += [{"id": s, "name_en": en, "name_zh": zh, "kind": "broker", "rating_scale": rating_scale(s)}
                for s, en, zh in _BROKERS]
    source_yml = "".join(f"- {json.dumps(source, ensure_ascii=False)}\n" for source in sources)
    return {"companies.yml": company_yml, "segments.yml": segment_yml, "sources.yml": source_yml}


def quarter_revenue(company: FictionalCompany, quarter_index: int) -> tuple[float, dict[str, float]]:
    """The company's revenue and its split by segment for one quarter, in CNY mn."""
    rng = random.Random(f"{SEED}:{company.id}:{quarter_index}")
    revenue = round(company.base_revenue * (1 + 0.03 * quarter_index + rng.uniform(-0.02, 0.02)), 1)
    shares = [rng.uniform(1, 3) for _ in company.segments]
    return revenue, {s: round(revenue * share / sum(shares), 1) for s, share in zip(company.segments, shares)}


def change(now: float, before: float) -> float:
    return round((now / before - 1) * 100, 1)


def quarter_figures(company: FictionalCompany, quarter_index: int) -> dict:
    """The company's figures for one quarter: the same whichever source states them. Changes follow from
    the series (as in real notes, which the data checks compare); the first quarters' refer to earlier,
    unstated ones."""
    rng = random.Random(f"{SEED}:{company.id}:{quarter_index}:margins")
    revenue, segments = quarter_revenue(company, quarter_index)
    year_ago = quarter_revenue(company, quarter_index - 4) if quarter_index >= 4 else None
    quarter_ago = quarter_revenue(company, quarter_index - 1) if quarter_index >= 1 else None
    margin = round(rng.uniform(12, 45), 1)
    return {"revenue": revenue, "segments": segments, "gross-margin": margin,
            "gross-profit": round(revenue * margin / 100, 1), "ebitda-margin": round(margin - rng.uniform(3, 10), 1),
            "yoy": change(revenue, year_ago[0]) if year_ago else round(rng.uniform(-15, 40), 1),
            "qoq": change(revenue, quarter_ago[0]) if quarter_ago else round(rng.uniform(-8, 15), 1),
            "segment_yoy": {s: change(v, year_ago[1][s]) if year_ago else round(rng.uniform(-15, 40), 1)
                            for s, v in segments.items()},
            "segment_margin": {s: round(margin + rng.uniform(-5, 5), 1) for s in segments}}


def rating_scale(broker: str) -> dict[str, str]:
    """A broker's rating words: half the brokers write them in Chinese, half in English."""
    return _SCALES[[b for b, _, _ in _BROKERS].index(broker) % len(_SCALES)]


def broker_view(company: FictionalCompany, quarter_index: int, broker: str) -> dict:
    """A broker's rating, target price and estimates in its review of one quarter, with the previous
    quarter's rating and target as `previous`. Drawn from their own seeds, so the rest of the corpus is
    the same with or without views."""
    def rating_and_target(index: int) -> tuple[str, float]:
        rng = random.Random(f"{SEED}:{company.id}:{broker}:{index}:view")
        words = list(rating_scale(broker))
        return words[min(int(rng.triangular(0, 4, 0.5)), 4)], round(company.base_revenue / 200 * (1 + 0.04 * index)
                                                                    * rng.uniform(0.9, 1.1), 2)
    word, target = rating_and_target(quarter_index)
    view: dict = {"rating": {"value": word, "action": "initiated"},
                  "target_price": {"value": target, "currency": "HKD", "action": "initiated"}}
    if quarter_index:
        before, previous = rating_and_target(quarter_index - 1)
        steps = list(rating_scale(broker))
        moved = steps.index(before) - steps.index(word)
        view["rating"] = {"value": word, "previous": before,
                          "action": "upgraded" if moved > 0 else "downgraded" if moved < 0 else "maintained"}
        view["target_price"] = {"value": target, "currency": "HKD", "previous": previous,
                                "action": "raised" if target > previous else "cut" if target < previous
                                else "maintained"}
    rng = random.Random(f"{SEED}:{company.id}:{broker}:{quarter_index}:estimates")
    following = quarter_figures(company, quarter_index + 1)
    view["forecasts"] = [
        {"metric": "revenue", "period": quarter_label(quarter_index + 1),
         "value": round(following["revenue"] * rng.uniform(0.94, 1.06), 1), "unit": "CNY mn"},
        {"metric": "gross-margin", "period": quarter_label(quarter_index + 1),
         "value": round(following["gross-margin"] + rng.uniform(-2, 2), 1), "unit": "%"}]
    return view


def quarter_label(index: int) -> str:
    """The quarter `index` quarters after the first, also beyond the corpus' last (an estimate's)."""
    return f"{2020 + index // 4}Q{index % 4 + 1}"


def note_text(company: FictionalCompany, quarter_index: int, source: str, kind: str, rng: random.Random) -> str:
    quarter = QUARTERS[quarter_index]
    year, q = int(quarter[:4]), int(quarter[-1])
    figures = quarter_figures(company, quarter_index)
    language = rng.choice(["zh", "en"])
    published = dt.datetime(year, 3 * q, 1) + dt.timedelta(days=40 + rng.randrange(20), hours=rng.randrange(9, 18))
    if language == "zh":
        direction = "增长" if figures["yoy"] >= 0 else "下降"
        title = f"{company.name_zh}{year}年第{q}季度：收入同比{direction}{abs(figures['yoy'])}%"
    else:
        direction = "up" if figures["yoy"] >= 0 else "down"
        title = f"{company.name_en} {q}Q{year % 100}: revenue {direction} {abs(figures['yoy'])}%"
    metrics = [{"metric": "revenue", "value": figures["revenue"], "unit": "CNY mn", "yoy": figures["yoy"],
                "qoq": figures["qoq"]}]
    for segment, value in figures["segments"].items():
        metrics.append({"metric": "revenue", "segment": segment, "value": value, "unit": "CNY mn",
                        "yoy": figures["segment_yoy"][segment]})
        metrics.append({"metric": "gross-margin", "segment": segment, "value": figures["segment_margin"][segment],
                        "unit": "%"})
    metrics += [{"metric": "gross-profit", "value": figures["gross-profit"], "unit": "CNY mn"},
                {"metric": "gross-margin", "value": figures["gross-margin"], "unit": "%"},
                {"metric": "ebitda-margin", "basis": "adjusted", "value": figures["ebitda-margin"], "unit": "%"}]
    front: dict[str, object] = {
        "title": title, "company": company.id, "period": quarter,
        "published": f"{published:%Y-%m-%d %H:%M} +08:00", "source": source, "kind": kind,
        "language": language, "segments": list(company.segments),
        "tags": rng.sample(["AI", "margins", "growth", "capex", "pricing", "profitability", "guidance"], 2)}
    # The body's markers run from [1] to [5], or one past the segments (see note_body).
    front["references"] = [{"marker": marker, "text": f"{source} report on {company.name_en}, passage [{marker}]"}
                           for marker in range(1, max(5, len(figures["segments"]) + 1) + 1)]
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    lines.append("metrics:")
    lines += [f"  - {json.dumps(m, ensure_ascii=False)}" for m in metrics]
    if kind == "earnings-review":
        view = broker_view(company, quarter_index, source)
        lines += [f"{key}: {json.dumps(view[key], ensure_ascii=False)}" for key in ("rating", "target_price")]
        lines.append("forecasts:")
        lines += [f"  - {json.dumps(f, ensure_ascii=False)}" for f in view["forecasts"]]
    lines.append("---")
    return "\n".join(lines) + "\n" + note_body(company, figures, language, rng)


def note_body(company: FictionalCompany, figures: dict, language: str, rng: random.Random) -> str:
    """1-3 KB of Markdown mixing Chinese and English, with headings, a list and citation markers."""
    target = rng.randrange(1000, 3000)
    name = company.name_zh if language == "zh" else company.name_en
    first, second = (_ZH_SENTENCES, _EN_SENTENCES) if language == "zh" else (_EN_SENTENCES, _ZH_SENTENCES)
    segment = company.segments[0]
    out = [f"**{'核心观点' if language == 'zh' else 'Core viewpoint'}.** {name} revenue CNY {figures['revenue']:,} mn, "
           f"YoY {figures['yoy']:+}% [1].\n",
           "## 财务表现 Financial performance\n"]
    out += [f"- {s}: CNY {v:,} mn [{i + 2}]" for i, (s, v) in enumerate(figures["segments"].items())]
    out.append("\n## 观点 Views\n")
    while sum(len(part.encode("utf-8")) + 1 for part in out) < target:
        pool = first if rng.random() < 0.7 else second
        out.append(rng.choice(pool).format(company=name, segment=segment) + f" [{rng.randrange(1, 6)}]")
    return "\n".join(out) + "\n"


def write_corpus(root: Path, notes: int, companies: int | None = None) -> list[Path]:
    """Write registry/{companies,segments,sources}.yml and `notes` notes below root; the note paths.
    `companies` fixes how many companies share them (by default, as many as one note per quarter needs)."""
    rng = random.Random(SEED)
    fictional = fictional_companies(companies or companies_for(notes), rng)
    for name, content in registry_files(fictional).items():
        (root / "registry" / name).write_text(content, encoding="utf-8")
    paths = []
    slots = ((r, c, q) for r in range(len(_ROUNDS)) for c in range(len(fictional)) for q in range(len(QUARTERS)))
    for (round_, company_index, quarter_index), _ in zip(slots, range(notes)):
        company = fictional[company_index]
        source, kind = _ROUNDS[(round_ + quarter_index) % len(_ROUNDS)]
        path = root / "notes" / company.id / f"{QUARTERS[quarter_index]}-{source}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(company, quarter_index, source, kind, rng), encoding="utf-8")
        paths.append(path)
    return paths


def capacity() -> int:
    """The largest corpus this grid holds."""
    return MAX_COMPANIES * len(QUARTERS) * len(_ROUNDS)
