"""A synthetic project of fictional companies and notes, to measure the site at scale.

    python tests/synthetic.py FOLDER NOTES     # e.g. 10000: 100 companies x 20 quarters x 5 notes

Each company has 20 quarters of notes from five (source, kind) pairs; each note states a few figures
with segments and carries a body of a few hundred words mixing Chinese and English, with figures
and names that vary, so the search index grows as a real one would. Everything here is fictional.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUARTERS = [f"{year}Q{q}" for year in range(2021, 2026) for q in range(1, 5)]  # 20
PAIRS = [("company-release", "results-summary"), ("earnings-call", "call-digest"),
         ("north-star-securities", "earnings-review"), ("north-star-securities", "preview"),
         ("harbour-research", "earnings-review")]
SEGMENTS = ["public-cloud", "industry-cloud", "idc", "cloud-services"]
SOURCES = """\
- {id: company-release, name_en: Company results release, name_zh: 公司业绩公告, kind: company}
- {id: earnings-call, name_en: Earnings call, name_zh: 业绩电话会, kind: company}
- {id: north-star-securities, name_en: North Star Securities, name_zh: 北星证券, kind: broker}
- {id: harbour-research, name_en: Harbour Research, name_zh: 海港研究, kind: broker}
"""
ZH_WORDS = ("收入 同比 增长 环比 下降 毛利率 经营 利润 客户 需求 公有云 行业云 数据中心 算力 训练 推理 模型 订阅 "
            "续费 交付 项目 政务 金融 医疗 制造 生态 合作 伙伴 降本 增效 现金流 资本开支 折旧 上架率 机柜 "
            "电力 价格 竞争 份额 指引 全年 季度 管理层 预计 维持 上调 下调 评级 目标价 风险 提示").split()
EN_WORDS = ("revenue grew declined margin expanded contracted customers demand compute training inference "
            "pipeline backlog renewals pricing utilisation capacity racks power capex depreciation guidance "
            "management expects maintains raises lowers rating target risk subscription retention churn "
            "workloads migration sovereign enterprise government finance healthcare manufacturing partners "
            "ecosystem efficiency cash flow operating leverage").split()


def company_ids(count: int) -> list[str]:
    return [f"synth-{index:03d}" for index in range(count)]


def registry_companies(count: int) -> str:
    lines = []
    for index, company in enumerate(company_ids(count)):
        segments = SEGMENTS[index % 2: index % 2 + 2]
        lines.append(f"- {{id: {company}, name_en: Synthetic Cloud {index:03d}, name_zh: 合成云{index:03d}, "
                     f"tickers: {{HKEX: {9000 + index}.HK}}, aliases: [SC{index:03d}], fiscal_year_end: 12, "
                     f"segments: [{', '.join(segments)}]}}")
    return "\n".join(lines) + "\n"


def sentence(rng: random.Random, subject: str) -> str:
    if rng.random() < 0.5:
        words = rng.choices(ZH_WORDS, k=rng.randint(6, 14))
        return f"{subject}{''.join(words)}{rng.uniform(-30, 80):.1f}%，{''.join(rng.choices(ZH_WORDS, k=4))}。"
    words = rng.choices(EN_WORDS, k=rng.randint(8, 16))
    return f"{subject} {' '.join(words)} {rng.uniform(100, 9000):,.1f} mn, {rng.choice(EN_WORDS)} {rng.randint(1, 99)}%."


def paragraph(rng: random.Random, name: str) -> str:
    """A few sentences; the company is named in the first, as an analyst writes."""
    subjects = [name] + [rng.choice(["The company", "Management", "公司", "管理层"]) for _ in range(rng.randint(2, 5))]
    return "\n".join(sentence(rng, subject) for subject in subjects)


def revenue(index: int, quarter: str) -> float:
    """A company's revenue in a quarter, the same in every note: 2% growth a quarter from its base."""
    step = QUARTERS.index(quarter)
    return round((500 + 85 * index) * 1.02 ** step, 1)


def note_text(rng: random.Random, index: int, company: str, quarter: str, source: str, kind: str) -> str:
    """A note whose figures agree with every other note's on the same company and quarter."""
    name = f"Synthetic Cloud {index:03d}"
    share, segment = rng.choice(list(zip((0.6, 0.4), SEGMENTS[index % 2: index % 2 + 2])))
    total = revenue(index, quarter)
    yoy = f", yoy: {(1.02 ** 4 - 1) * 100:.1f}" if QUARTERS.index(quarter) >= 4 else ""
    month = int(quarter[-1]) * 3 + 1
    year = int(quarter[:4]) + (month > 12)
    published = f"{year}-{(month - 1) % 12 + 1:02d}-{rng.randint(10, 28):02d} 09:00 +08:00"
    paragraphs = [paragraph(rng, name) for _ in range(rng.randint(3, 5))]
    return (f"---\ntitle: \"{name} {quarter}: revenue {total:,.1f} mn ({kind})\"\ncompany: {company}\n"
            f"period: {quarter}\npublished: {published}\nsource: {source}\nkind: {kind}\n"
            f"language: {rng.choice(['zh', 'en'])}\nsegments: [{segment}]\nmetrics:\n"
            f"  - {{metric: revenue, value: {total:.1f}, unit: CNY mn{yoy}}}\n"
            f"  - {{metric: revenue, segment: {segment}, value: {total * share:.1f}, unit: CNY mn}}\n"
            f"  - {{metric: gross-margin, value: {20 + index % 20:.1f}, unit: \"%\"}}\n"
            f"---\n\n" + "\n\n".join(paragraphs) + "\n")


def make_project(root: Path, notes: int, companies: int | None = None, quarters: int = len(QUARTERS),
                 seed: int = 7) -> Path:
    """A project folder at `root` with `notes` synthetic notes; returns the root.

    Notes are written one (source, kind) pair at a time over every company and quarter, so a corpus
    of companies x quarters x k notes covers the same companies and periods whatever k is.
    """
    companies = companies or max(1, -(-notes // (quarters * len(PAIRS))))
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "registry", root / "registry", dirs_exist_ok=True)
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True, ignore=shutil.ignore_patterns("generated"))
    (root / "docs" / "generated").mkdir(exist_ok=True)
    if not (root / "scripts").exists():
        (root / "scripts").symlink_to(REPO / "scripts")
    (root / "registry" / "companies.yml").write_text(registry_companies(companies), encoding="utf-8")
    (root / "registry" / "sources.yml").write_text(SOURCES, encoding="utf-8")
    rng = random.Random(seed)
    written = 0
    for source, kind in PAIRS:
        for quarter in QUARTERS[:quarters]:
            for index, company in enumerate(company_ids(companies)):
                if written == notes:
                    return root
                path = root / "notes" / company / f"{quarter}-{source}-{kind}.md"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(note_text(rng, index, company, quarter, source, kind), encoding="utf-8")
                written += 1
    return root


if __name__ == "__main__":
    folder, count = Path(sys.argv[1]), int(sys.argv[2])
    make_project(folder, count)
    print(f"{count} synthetic notes in {folder}; build with: cd {folder} && python -m research_digest.cli build")
