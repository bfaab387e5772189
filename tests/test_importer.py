"""`digest import`: digests as research platforms show them become draft notes.

The seed digest (a real broker's digest of Kingsoft Cloud) is checked against the figures it states.
The Chinese digests are written for these tests about a FICTIONAL company (Example Cloud, 示例云)
registered only in tests/fixtures/registry/: tests never invent figures for real companies.
"""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import own_segments
from research_digest.authoring.importer.command import main_import
from research_digest.authoring.importer.digest import import_digest
from research_digest.authoring.importer.draft import Draft
from research_digest.load.notes import FIGURE_FIELDS, NOTE_FIELDS, load_note, split_front_matter
from research_digest.load.problems import ProblemList
from research_digest.load.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "kingsoft-cloud-4q24-everbright-digest.txt"
REQUIRED = ("title", "company", "period", "published", "source", "kind", "language", "metrics")


@pytest.fixture(scope="module")
def registry():
    problems = ProblemList()
    loaded = load_registry(ROOT / "registry", problems)
    assert not problems.errors
    return loaded


@pytest.fixture(scope="module")
def test_registry_dir(tmp_path_factory) -> Path:
    """The fictional company and broker, with the project's own metrics and segments."""
    folder = tmp_path_factory.mktemp("registry")
    for path in (FIXTURES / "registry").glob("*.yml"):
        shutil.copy(path, folder)
    shutil.copy(ROOT / "registry" / "metrics.yml", folder)
    (folder / "segments.yml").write_text(own_segments((ROOT / "registry" / "segments.yml").read_text(encoding="utf-8")),
                                         encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def test_registry(test_registry_dir):
    problems = ProblemList()
    loaded = load_registry(test_registry_dir, problems)
    assert not problems.errors
    return loaded


def figures(draft: Draft) -> dict[tuple, dict]:
    """Figures by (metric, segment, basis, period), the note's period written as None."""
    found = {}
    for item in draft.front["metrics"]:
        key = (item["metric"], item.get("segment"), item.get("basis"), item.get("period"))
        assert key not in found, f"figure {key} twice"
        found[key] = {k: item.get(k) for k in ("value", "unit", "yoy", "qoq")}
    return found


def resolved(markdown: str, replace: dict[str, str] | None = None) -> str:
    """The draft as a contributor leaves it once every CHECK mark is dealt with."""
    text = re.sub(r"<!-- CHECK:.*?-->\n*", "", markdown, flags=re.S)
    text = re.sub(r"\n\s*# CHECK:[^\n]*", "", text)
    text = re.sub(r"\s+# CHECK:[^\n]*", "", text)
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    return text


def validate(markdown: str, registry, tmp_path: Path) -> list[str]:
    path = tmp_path / "notes" / "draft.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    problems = ProblemList()
    note = load_note(path, tmp_path, registry, problems, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    messages = [p.format() for p in problems.items]
    assert note is not None or messages
    return messages


def front_of(markdown: str) -> dict:
    front, _, _ = split_front_matter(markdown)
    return yaml.safe_load(front)


# --- the seed ------------------------------------------------------------------------------------

SEED_FIGURES = {
    ("revenue", None, None, None): {"value": 2.232, "unit": "CNY bn", "yoy": 29.6, "qoq": 18.4},
    ("gross-profit", None, None, None): {"value": 426, "unit": "CNY mn", "yoy": 68.3, "qoq": None},
    ("gross-margin", None, "adjusted", None): {"value": 19.2, "unit": "%", "yoy": 4.0, "qoq": 2.9},
    ("revenue", None, None, "FY2024"): {"value": 7.785, "unit": "CNY bn", "yoy": 10.5, "qoq": None},
    ("gross-margin", None, None, "FY2024"): {"value": 17.2, "unit": "%", "yoy": 5.1, "qoq": None},
    ("revenue", "public-cloud", None, None): {"value": 1.410, "unit": "CNY bn", "yoy": 34.0, "qoq": 19.9},
    ("revenue", "industry-cloud", None, None): {"value": 822, "unit": "CNY mn", "yoy": 22.7, "qoq": 15.8},
    ("ai-revenue", None, None, None): {"value": 474, "unit": "CNY mn", "yoy": 500, "qoq": None},
    ("ai-revenue-share", "public-cloud", None, None): {"value": 34, "unit": "%", "yoy": None, "qoq": None},
}


@pytest.fixture(scope="module")
def seed(registry) -> Draft:
    return import_digest(SEED.read_text(encoding="utf-8"), registry)


def test_fixture_is_the_shared_seed():
    shared = ROOT.parent / "shared" / "seed" / SEED.name
    if not shared.exists():
        pytest.skip("../shared/seed is not next to this checkout")
    assert SEED.read_bytes() == shared.read_bytes()


def test_seed_header(seed):
    front = seed.front
    assert list(front) == ["title", "company", "period", "published", "source", "analysts", "kind",
                           "language", "segments", "references", "metrics"]
    assert front["title"].startswith("【金山云(3896.HK)】4Q24调整经营利润实现转正")
    assert not front["title"].endswith(")")  # the analysts' parentheses went to `analysts`
    assert front["company"] == "kingsoft-cloud"
    assert front["period"] == "2024Q4"
    assert front["published"] == "2025-03-22 14:46 +08:00"
    assert front["source"] == "everbright-securities"
    assert front["analysts"] == ["付天姿", "黄铮"]
    assert front["kind"] == "earnings-review"
    assert front["language"] == "en"
    assert front["segments"] == ["public-cloud", "industry-cloud"]
    assert seed.suggested_path() == "notes/kingsoft-cloud/2024Q4-everbright-securities.md"


def test_seed_figures(seed):
    found = figures(seed)
    for key, expected in SEED_FIGURES.items():
        assert key in found, f"missing {key}"
        assert found[key] == expected, key


def test_seed_time_zone_is_flagged(seed):
    assert any(item.startswith("published:") and "+08:00 assumed" in item for item in seed.unsure)
    line = next(line for line in seed.to_markdown().splitlines() if line.startswith("published:"))
    assert re.fullmatch(r"published: 2025-03-22 14:46 \+08:00\s+# CHECK: .*time zone.*", line)


def test_seed_unplaced_numbers_are_listed_with_their_text(seed):
    stray = [item for item in seed.unsure if item.startswith("metrics:")]
    for number, words in (("26%", "annual increase in this proportion"), ("76%", "ecosystem partners"),
                          ("22%", "of total revenue")):
        assert any(number in item and words in item for item in stray), number
    markdown = seed.to_markdown()
    assert sum(line.startswith("  # CHECK: ") for line in markdown.splitlines()) == len(stray)


def test_seed_platform_lines_are_not_read_but_shown(seed):
    assert "line not read: “瀚海平台APP BUILDER”" in seed.unsure
    assert "line not read: “Search documents”" in seed.unsure
    body = split_front_matter(seed.to_markdown())[1]
    block = body[body.index("<!-- CHECK:"):body.index("-->")]
    assert "瀚海平台APP BUILDER" in block and "Search documents" in block


def test_seed_body_is_markdown_with_citations(seed):
    body = seed.body
    assert body.startswith("**Core viewpoint.** Kingsoft Cloud reported growth")
    assert "[2][3]." in body.split("\n")[0]
    assert [h for h in body.splitlines() if h.startswith("## ")] == [
        "## Financial Performance", "## AI and Public Cloud Business", "## Industry Cloud Development",
        "## Technological Investments"]
    bullets = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(bullets) == 10
    assert bullets[0].startswith("- Q4 2024 revenue reached 2.232 billion RMB") and bullets[0].endswith("[2].")
    assert "Group 1" not in body and " - " not in body


def test_seed_draft_validates_once_marks_are_resolved(seed, registry, tmp_path):
    markdown = resolved(seed.to_markdown())
    front = front_of(markdown)
    for key in REQUIRED:
        assert front.get(key) not in (None, "", []), key
    assert re.search(r"[+-]\d\d:\d\d$", front["published"])
    assert validate(markdown, registry, tmp_path) == []


def test_seed_draft_lists_a_source_for_each_marker(seed):
    """The digest's markers [2]..[5] each get an entry to name, so the draft validates (a marker with no
    source is an error) and the contributor is told to say what each one cites."""
    front = front_of(seed.to_markdown())
    assert [item["marker"] for item in front["references"]] == [2, 3, 4, 5]
    assert "references: what each marker cites" in "\n".join(seed.unsure)


def test_seed_draft_as_written_is_valid_yaml(seed):
    """The CHECK marks are comments: the draft parses even before they are resolved."""
    front = front_of(seed.to_markdown())
    assert front["metrics"] == seed.front["metrics"]


def test_seed_draft_writes_fields_in_the_order_digest_new_writes_them(seed):
    """One order for the note format: a contributor comparing a draft with `digest new`'s note finds
    every field where it expects it (a figure's basis after its segment, not after its changes)."""
    front = front_of(seed.to_markdown())
    assert list(front) == [key for key in NOTE_FIELDS if key in front]
    adjusted = [figure for figure in front["metrics"] if "basis" in figure]
    assert adjusted, "the seed states an adjusted figure"
    for figure in front["metrics"]:
        assert list(figure) == [key for key in FIGURE_FIELDS if key in figure]


# --- Chinese digests about a fictional company -----------------------------------------------------

ZH_CASES = {
    "example-cloud-2024q4-zh.txt": dict(
        period="2024Q4", source="example-securities", analysts=["张三", "李四"],
        figures={
            ("revenue", None, None, None): {"value": 617, "unit": "CNY mn", "yoy": 4.8, "qoq": -3.1},
            ("gross-margin", None, None, None): {"value": 16.2, "unit": "%", "yoy": 1.2, "qoq": -0.5},
            ("operating-profit", None, None, None): {"value": -34.5, "unit": "CNY mn", "yoy": -20.5, "qoq": None},
            ("revenue", "public-cloud", None, None): {"value": 420, "unit": "CNY mn", "yoy": -3.1, "qoq": None},
            ("revenue", "industry-cloud", None, None): {"value": 197, "unit": "CNY mn", "yoy": 12, "qoq": None},
        },
        unsure=["0.8亿元", "同比增长40%", "+08:00 assumed", "a change of a loss"],
        unread=["研报平台"]),
    "example-cloud-2025h1-zh.txt": dict(
        period="2025H1", source="example-securities", analysts=["王五"],
        figures={
            ("revenue", None, None, None): {"value": 1350.5, "unit": "CNY mn", "yoy": 18.2, "qoq": None},
            ("gross-margin", None, "adjusted", None): {"value": 20.1, "unit": "%", "yoy": 2.3, "qoq": None},
            ("ai-revenue-share", "public-cloud", None, None): {"value": 41, "unit": "%", "yoy": None, "qoq": None},
            ("revenue", None, None, "2024Q4"): {"value": 617, "unit": "CNY mn", "yoy": None, "qoq": None},
        },
        unsure=["+08:00 assumed"],
        unread=[]),
    "example-cloud-fy2024-zh.txt": dict(
        period="2024Q4", source="未知研究所", analysts=["赵六"],
        figures={
            ("revenue", None, None, "FY2024"): {"value": 2530, "unit": "CNY mn", "yoy": 6.0, "qoq": None},
            ("operating-profit", None, None, "FY2024"): {"value": -56, "unit": "CNY mn", "yoy": None, "qoq": None},
            ("gross-margin", None, None, "FY2024"): {"value": 15.0, "unit": "%", "yoy": 0.8, "qoq": None},
            ("revenue", None, None, None): {"value": 617, "unit": "CNY mn", "yoy": 4.8, "qoq": None},
        },
        unsure=["unknown source '未知研究所'", "'全年' has no year; read as FY2024", "同比增长35%"],
        unread=["首页 | 研报中心", "一些无法识别的导航文字"]),
}


@pytest.mark.parametrize("name", ZH_CASES)
def test_chinese_digest(name, test_registry):
    case = ZH_CASES[name]
    draft = import_digest((FIXTURES / name).read_text(encoding="utf-8"), test_registry)
    assert draft.front["company"] == "example-cloud"
    assert draft.front["period"] == case["period"]
    assert draft.front["source"] == case["source"]
    assert draft.front["analysts"] == case["analysts"]
    assert draft.front["language"] == "zh"
    assert draft.front["kind"] == "earnings-review"
    assert figures(draft) == case["figures"]
    for words in case["unsure"]:
        assert any(words in item for item in draft.unsure), words
    assert [i for i in draft.unsure if i.startswith("line not read")] == \
        [f"line not read: “{line}”" for line in case["unread"]]
    markdown = draft.to_markdown()
    for line in case["unread"]:
        assert "  " + line in markdown.split("-->")[0]


@pytest.mark.parametrize("name", ZH_CASES)
def test_chinese_draft_validates_once_marks_are_resolved(name, test_registry, tmp_path):
    draft = import_digest((FIXTURES / name).read_text(encoding="utf-8"), test_registry)
    markdown = resolved(draft.to_markdown(), {"source: 未知研究所": "source: example-securities"})
    front = front_of(markdown)
    for key in REQUIRED:
        assert front.get(key) not in (None, "", []), key
    assert validate(markdown, test_registry, tmp_path) == []


def test_chinese_body_keeps_sections(test_registry):
    draft = import_digest((FIXTURES / "example-cloud-2025h1-zh.txt").read_text(encoding="utf-8"), test_registry)
    assert draft.body.startswith("**核心观点：** 上半年收入增长提速")
    assert "## 财务表现\n\n- 2025年上半年收入1,350.5百万元，同比增长18.2% [2]。" in draft.body
    assert "## 风险提示\n\n- 行业竞争加剧。" in draft.body


def test_marked_fields_are_marked_where_they_are(test_registry):
    draft = import_digest((FIXTURES / "example-cloud-fy2024-zh.txt").read_text(encoding="utf-8"), test_registry)
    lines = draft.to_markdown().splitlines()
    assert any(line.startswith("source: 未知研究所   # CHECK: unknown source") for line in lines)
    assert "    period: FY2024   # CHECK: '全年' has no year; read as FY2024" in lines
    assert draft.suggested_path() == "notes/example-cloud/2024Q4-unknown-source.md"


# --- single sentences ----------------------------------------------------------------------------

HEADER = ("【示例云(EXCL)】2024年第四季度业绩点评(张三)\n示例证券研究· 2025-03-20 09:30\n"
          "核心观点 - 测试。   分组1：财务 - ")


def one(test_registry, fact: str) -> Draft:
    return import_digest(HEADER + fact, test_registry)


@pytest.mark.parametrize("fact, expected", [
    ("收入6.17亿元，同比增长4.8%", {"value": 617, "unit": "CNY mn", "yoy": 4.8}),
    ("收入617百万元，同比下降3.1%", {"value": 617, "unit": "CNY mn", "yoy": -3.1}),
    ("营业收入61,700万元，环比增长2%", {"value": 617, "unit": "CNY mn", "qoq": 2}),
    ("收入1.2亿美元，同比+5%", {"value": 120, "unit": "USD mn", "yoy": 5}),
    ("收入同比/环比分别增长29.6%/18.4%", {"unit": "CNY mn", "yoy": 29.6, "qoq": 18.4}),
    ("毛利率16.2%，同比提升1.2个百分点", {"value": 16.2, "unit": "%", "yoy": 1.2}),
    ("毛利率16.2%，同比下降120bps", {"value": 16.2, "unit": "%", "yoy": -1.2}),
    ("AI收入同比增长超过120%", {"unit": "CNY mn", "yoy": ">120"}),
    ("经营利润为亏损0.5亿元", {"value": -50, "unit": "CNY mn"}),
])
def test_chinese_sentences(test_registry, fact, expected):
    draft = one(test_registry, fact)
    assert len(draft.front["metrics"]) == 1, draft.front["metrics"]
    got = draft.front["metrics"][0]
    assert {k: got.get(k) for k in expected} == expected


def test_growth_only_amount_marks_its_unit(test_registry):
    draft = one(test_registry, "收入同比增长4.8%")
    assert draft.front["metrics"] == [{"metric": "revenue", "unit": "CNY mn", "yoy": 4.8}]
    assert "unit: CNY mn   # CHECK: no amount stated" in draft.to_markdown()


@pytest.mark.parametrize("fact, words", [
    ("收入增长20%", "without a base"),  # a growth with no year-on-year or quarter-on-quarter
    ("客户收入6.17亿元", "belongs to '客户收入', which is not a registered metric"),
    ("净利润1.2亿元，同比增长20%", "no metric recognised"),
    ("收入约6.2亿元", "approximate"),
    ("收入6.17亿，同比增长4.8%", "no currency stated"),
])
def test_ambiguous_sentences_are_unsure(test_registry, fact, words):
    draft = one(test_registry, fact)
    assert any(words in item for item in draft.unsure), draft.unsure
    assert "# CHECK:" in draft.to_markdown().split("\n---\n")[0]


def test_a_header_without_a_time_gives_the_date_alone(test_registry):
    """A digest that states no time gets no invented one: a date alone is a valid `published`."""
    text = "Example Cloud Q4 2024 review\nExample Securities Research · 2025-03-20\nRevenue was RMB 617 million [1]."
    draft = import_digest(text, test_registry)
    assert draft.front["published"] == "2025-03-20"
    assert not any(item.startswith("published") for item in draft.unsure)


def test_english_sentences(test_registry):
    text = ("Example Cloud Q4 2024 review (Jane Doe)\nExample Securities Research · 2025-03-20 09:30 +08:00\n"
            "Core Viewpoint - Mixed quarter [1].   Group 1: Results - Revenue was RMB 617 million, down 3.1% "
            "YoY [2]. - Operating loss of 50 million RMB [2]. - Gross margin fell 1.5 percentage points "
            "quarter-on-quarter to 16.2% [2]. - In the first half of 2024, revenue was 1.2 billion RMB [3].")
    draft = import_digest(text, test_registry)
    assert draft.front["published"] == "2025-03-20 09:30 +08:00"
    assert not any(item.startswith("published") for item in draft.unsure)
    assert draft.front["language"] == "en" and draft.front["analysts"] == ["Jane Doe"]
    assert figures(draft) == {
        ("revenue", None, None, None): {"value": 617, "unit": "CNY mn", "yoy": -3.1, "qoq": None},
        ("operating-profit", None, None, None): {"value": -50, "unit": "CNY mn", "yoy": None, "qoq": None},
        ("gross-margin", None, None, None): {"value": 16.2, "unit": "%", "yoy": None, "qoq": -1.5},
        ("revenue", None, None, "2024H1"): {"value": 1.2, "unit": "CNY bn", "yoy": None, "qoq": None},
    }


def test_no_header_and_no_sections_still_yields_a_draft(test_registry):
    draft = import_digest("随便一段文字，没有标题也没有来源。", test_registry)
    fields = {item.split(":")[0] for item in draft.unsure}
    assert {"company", "period", "published", "source"} <= fields
    assert draft.suggested_path() == "notes/unknown-company/unknown-period-unknown-source.md"


# --- main_import ---------------------------------------------------------------------------------

def test_main_import_writes_the_draft_once(tmp_path, test_registry_dir, capsys):
    project = tmp_path / "project"
    shutil.copytree(test_registry_dir, project / "registry")
    digest = FIXTURES / "example-cloud-2024q4-zh.txt"
    assert main_import(str(digest), project / "registry", None) == 0
    written = project / "notes" / "example-cloud" / "2024Q4-example-securities.md"
    assert written.read_text(encoding="utf-8").startswith("---\ntitle: 【示例云(EXCL)】")
    out = capsys.readouterr().out
    assert "item(s) to check" in out and "0.8亿元" in out
    before = written.read_text(encoding="utf-8")
    assert main_import(str(digest), project / "registry", None) == 1
    assert "not overwritten" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == before


def test_main_import_reads_standard_input(tmp_path, test_registry_dir, monkeypatch):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO((FIXTURES / "example-cloud-2025h1-zh.txt").read_text("utf-8")))
    out = tmp_path / "draft.md"
    assert main_import("-", test_registry_dir, out) == 0
    assert "period: 2025H1" in out.read_text(encoding="utf-8")


def test_main_import_reports_a_missing_file(tmp_path, test_registry_dir, capsys):
    assert main_import(str(tmp_path / "nope.txt"), test_registry_dir, None) == 2
    assert "cannot read" in capsys.readouterr().err


# --- a broker's view: rating, target price, forecasts ----------------------------------------------
# FICTIONAL digests of Example Cloud by Example Securities, shaped like real brokers' digests.

VIEW_CASES = {
    "example-cloud-3q25-broker-view-zh.txt": {
        "rating": {"value": "增持", "action": "maintained"},
        "target_price": {"value": 10.5, "currency": "HKD", "previous": 9.8, "action": "raised"},
        "forecasts": [("FY2025", 9510, "CNY mn"), ("FY2026", 11685, "CNY mn"), ("FY2027", 14338, "CNY mn"),
                      ("2025Q4", 2700, "CNY mn")],
    },
    "example-cloud-3q25-broker-view-en.txt": {
        "rating": {"value": "Buy", "action": "maintained"},
        "target_price": {"value": 11.2, "currency": "HKD", "previous": 9.6, "action": "raised"},
        "forecasts": [("FY2025", 9.51, "CNY bn"), ("FY2026", 11.69, "CNY bn"), ("FY2027", 14.34, "CNY bn"),
                      ("2025Q4", 2.7, "CNY bn")],
    },
    "example-cloud-1q25-forecast-cut-zh.txt": {
        "rating": {"value": "跑赢行业", "action": "maintained"},
        "target_price": {"value": 16.3, "currency": "USD", "action": "cut"},
        "forecasts": [("FY2025", 9200, "CNY mn"), ("FY2026", 10670, "CNY mn")],
    },
}


@pytest.mark.parametrize("name", VIEW_CASES)
def test_a_brokers_view_is_read(name, test_registry):
    draft = import_digest((FIXTURES / name).read_text(encoding="utf-8"), test_registry)
    expected = VIEW_CASES[name]
    assert draft.front["rating"] == expected["rating"]
    assert draft.front["target_price"] == expected["target_price"]
    assert [(f["period"], f["value"], f["unit"]) for f in draft.front["forecasts"]] == expected["forecasts"]
    assert all(f["metric"] == "revenue" for f in draft.front["forecasts"])


@pytest.mark.parametrize("name", VIEW_CASES)
def test_forecasts_and_targets_are_never_read_as_reported_figures(name, test_registry):
    draft = import_digest((FIXTURES / name).read_text(encoding="utf-8"), test_registry)
    assert all(f.get("period") in (None, draft.front["period"]) for f in draft.front["metrics"])
    assert not [u for u in draft.unsure if "港元" in u or "HK$" in u or "美元" in u]


def test_an_approximate_forecast_is_marked(test_registry):
    draft = import_digest((FIXTURES / "example-cloud-3q25-broker-view-en.txt").read_text(encoding="utf-8"),
                          test_registry)
    assert "forecasts[3]: the source says 'about' (approximate)" in [u.split(" — ")[0] for u in draft.unsure]
    assert "    period: 2025Q4" in draft.to_markdown()


def test_a_forecast_that_cannot_be_placed_is_listed_not_guessed(test_registry):
    draft = one(test_registry, "预计公司未来三年营业收入分别为95亿元/117亿元/143亿元 [1]")
    assert "forecasts" not in draft.front
    assert not draft.front["metrics"]
    assert any(u.startswith("forecasts: a forecast of revenue the importer could not place") for u in draft.unsure)


@pytest.mark.parametrize("fact, target", [
    ("维持“买入”评级,目标价10.49港元 [1]", {"value": 10.49, "currency": "HKD"}),
    ("给予目标价10.03港元 [1]", {"value": 10.03, "currency": "HKD"}),
    ("目标价由8.00美元下调至7.20美元 [1]", {"value": 7.2, "currency": "USD", "previous": 8, "action": "cut"}),
    ("We cut our price target to US$7.20 [1]", {"value": 7.2, "currency": "USD", "action": "cut"}),
])
def test_target_prices(test_registry, fact, target):
    assert one(test_registry, fact).front["target_price"] == target


@pytest.mark.parametrize("fact, rating", [
    ("维持“买入”评级 [1]", {"value": "买入", "action": "maintained"}),
    ("首次覆盖,给予“增持”评级 [1]", {"value": "增持", "action": "initiated"}),
    ("投资评级：买入(维持) [1]", {"value": "买入", "action": "maintained"}),
    ("We initiate coverage with an Outperform rating [1]", {"value": "Outperform", "action": "initiated"}),
    ("We downgrade the stock to Neutral [1]", {"value": "Neutral", "action": "downgraded"}),
])
def test_ratings(test_registry, fact, rating):
    assert one(test_registry, fact).front["rating"] == rating


@pytest.mark.parametrize("name", VIEW_CASES)
def test_a_brokers_draft_validates_once_marks_are_resolved(name, test_registry, tmp_path):
    draft = import_digest((FIXTURES / name).read_text(encoding="utf-8"), test_registry)
    assert validate(resolved(draft.to_markdown()), test_registry, tmp_path) == []


def test_a_rating_word_missing_from_the_brokers_scale_is_marked(test_registry):
    draft = one(test_registry, "维持“强烈推荐”评级 [1]")
    assert draft.front["rating"] == {"value": "强烈推荐", "action": "maintained"}
    assert "rating: CHECK" not in draft.to_markdown()
    assert any(line.startswith("rating: {value: 强烈推荐, action: maintained}   # CHECK: '强烈推荐' is not in "
                               "example-securities's rating_scale") for line in draft.to_markdown().splitlines())
