"""`digest import`: a digest copied from a research platform becomes a draft note.

The digest's shape (English or Chinese), often with everything after the header on one line:

    【金山云(3896.HK)】4Q24 ...业绩点评(付天姿/黄铮)          title (company, period, kind, analysts)
    光大证券研究· 2025-03-22 14:46                           source · date time
    Core Viewpoint - ...   Group 1: Heading - fact [2] - fact [3]   Group 2: ...
    (核心观点 - ...   分组1：标题 - 要点 [2] - 要点 [3])

Figures are read clause by clause from a table of regexes per language: a metric mention (names and
aliases from the registry, with an optional segment and basis in front) opens a figure; an amount or
percentage in the same clause is its value; year-on-year and quarter-on-quarter changes that follow
fill its yoy/qoq. A broker's view is read first (`views`): its rating (维持“增持”评级, "maintain Buy"), its
target price (目标价10.03港元, "raise our target price to HK$11.20") and its forecasts (预计2025/2026年营业收入
分别为…, "we forecast revenue of RMB 9.5bn/11.7bn for 2025/26"); those sentences are then not read as
reported figures. Nothing is guessed silently: a number that fits no figure, a figure whose reading
involved an assumption and every line not read is listed in `Draft.unsure` and marked `# CHECK:` in
the draft, so the contributor sees it where it is.

The modules, in reading order: `patterns` (the regexes and word lists), `header` (title, company,
period, source, date, analysts), `body` (sections and facts), `periods` (periods in running text),
`views` (a broker's rating, target price and forecasts), `figures` (figures and changes from the
facts), `draft` (the `Draft` and its Markdown), `digest` (`import_digest`, which puts them together)
and `command` (`digest import`).
"""
