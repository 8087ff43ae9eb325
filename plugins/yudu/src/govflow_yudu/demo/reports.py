"""The demo's annual reports' text (``annual_reports.csv``, record kind ``annual_report`` of the
response plugin): one 2023 report per unit (its own random source) with the 年度报告 duty, in the six parts of the format
(国办公开办函〔2021〕30号), each unit's 总体情况 and 存在的主要问题及改进情况 written from its own
topics and invented figures.  Planted: one report without parts 四 and 五 (缺项), and one unit
whose 总体情况 and 问题 repeat another's word for word, its own name put in (雷同: both reports are
found, each naming the other).
"""

from __future__ import annotations

import random

from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.vocabulary import TOPICS, TOWNSHIP_TOPICS

REPORTS = "annual_reports.csv"
SECTIONS_RULE = "response.annual-report-sections"
SIMILAR_RULE = "response.annual-report-similarity"
_ENTITY = "2023年度报告"
#: The columns of ``annual_reports.csv`` (the response plugin's ``annual_report`` labels).
REPORT_LABELS = {"annual_report": {"unit": "单位", "year": "报告年度", "text": "正文"}}

_DOING = (
    "健全工作机制", "压实主体责任", "规范发布流程", "强化保密审查", "加强栏目维护", "丰富解读形式",
    "回应社会关切", "开展业务培训", "完善考核评议", "推进标准化建设", "拓展公开渠道", "优化办事指南",
)  # fmt: skip
_LACKS = (
    "公开内容的深度和广度不够", "政策解读形式较为单一", "栏目更新不够及时", "业务人员流动较大",
    "依申请公开办理规范化程度不高", "互动回应质量有待提升", "基层公开标准目录落实不够细",
)  # fmt: skip
_NEXT = (
    "加强业务培训", "完善审核发布机制", "推行图解和视频解读", "落实栏目专人维护",
    "健全依申请公开台账", "定期开展自查整改", "细化公开事项清单",
)  # fmt: skip


class Reports(Builder):
    """The annual reports' text (see the module)."""

    def gen_reports(self, seed: int) -> None:
        # a random source of its own: the other files come out as they did before this part
        rng = random.Random(f"reports-{seed}")
        units = self.units("三(四).annual-report")
        lacking = "县林业局" if "县林业局" in units else units[-1]
        copier, copied = "贡江镇", "县民政局"
        texts: dict[str, tuple[str, str]] = {}
        for unit in units:
            texts[unit] = (self._overview(unit, rng), self._problems(unit, rng))
        if self.plant and copier in texts and copied in texts:
            overview, problems = texts[copied]
            texts[copier] = (overview.replace(copied, copier), problems)
            for unit, other in ((copier, copied), (copied, copier)):
                self.violation(
                    SIMILAR_RULE,
                    unit,
                    None,
                    f"{unit}2023年度报告的总体情况、存在的主要问题与{other}的雷同",
                    entity=_ENTITY,
                )
        for n, unit in enumerate(units):
            overview, problems = texts[unit]
            parts = [
                ("一、总体情况", overview),
                ("二、主动公开政府信息情况", "（见下表）"),
                ("三、收到和处理政府信息公开申请情况", "（见下表）"),
                ("四、政府信息公开行政复议、行政诉讼情况", "（见下表）"),
                ("五、存在的主要问题及改进情况", problems),
                ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
            ]
            if self.plant and unit == lacking:
                parts = [p for p in parts if not p[0].startswith(("四、", "五、"))]
                self.violation(
                    SECTIONS_RULE,
                    unit,
                    None,
                    f"{unit}2023年度报告缺少四、五两部分",
                    entity=_ENTITY,
                )
            text = "\n".join(f"{head}\n{body}" for head, body in parts)
            self.add_row(REPORTS, (n,), {"unit": unit, "year": 2023, "text": text})

    @staticmethod
    def _overview(unit: str, rng: random.Random) -> str:
        topics = rng.sample(TOPICS.get(unit, TOWNSHIP_TOPICS), 3)
        doing = rng.sample(_DOING, 4)
        return (
            f"2023年，{unit}围绕{topics[0]}、{topics[1]}和{topics[2]}等重点工作，"
            f"全年主动公开政府信息{rng.randint(40, 400)}条，其中政策文件{rng.randint(2, 30)}件、"
            f"政策解读{rng.randint(2, 30)}篇。\n"
            f"（一）{doing[0]}。{unit}把政务公开纳入{topics[0]}工作同部署，"
            f"明确{rng.randint(1, 5)}名专人负责。\n"
            f"（二）{doing[1]}。围绕{topics[1]}发布信息{rng.randint(10, 90)}条，"
            f"办理依申请公开{rng.randint(0, 12)}件。\n"
            f"（三）{doing[2]}。{topics[2]}相关栏目更新{rng.randint(10, 60)}次。\n"
            f"（四）{doing[3]}。全年开展自查{rng.randint(4, 52)}次，整改问题{rng.randint(1, 20)}个。"
        )

    @staticmethod
    def _problems(unit: str, rng: random.Random) -> str:
        lacks = rng.sample(_LACKS, 2)
        steps = rng.sample(_NEXT, 3)
        return (
            f"一是{lacks[0]}，二是{lacks[1]}。"
            f"{rng.choice(('2024年', '下一步', '今后'))}，{unit}将{steps[0]}，{steps[1]}，"
            f"{steps[2]}，推动{rng.choice(TOPICS.get(unit, TOWNSHIP_TOPICS))}等信息公开走深走实。"
        )
