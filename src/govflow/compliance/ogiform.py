"""The labels of the annual report's tables, as 国办公开办函〔2021〕30号 prints them.

《中华人民共和国政府信息公开工作年度报告格式》 (国务院办公厅政府信息与政务公开办公室, 2021-09-26,
国办公开办函〔2021〕30号) fixes the rows and columns of table 三 「收到和处理政府信息公开申请情况」 and
table 四 「政府信息公开行政复议、行政诉讼情况」.  The labels here are the format's own, character for
character (full-width brackets and commas, the curly quotes of 「危及“三安全一稳定”」): the record
fields that feed the tables take them as values, and every rendering prints them.
"""

from __future__ import annotations

import re

from attrs import frozen

from govflow.text.numerals import normalize_text

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICANT_TYPES",
    "CARRIED_IN",
    "CARRIED_OUT",
    "FORMAT_CITATION",
    "LEGAL_PERSON_GROUP",
    "LITIGATION",
    "NEW_THIS_YEAR",
    "OUTCOMES",
    "OUTCOME_ALIASES",
    "OUTCOME_ROWS",
    "RESULTS_GROUP",
    "REVIEW_CASE_ALIASES",
    "REVIEW_CASE_TYPES",
    "REVIEW_RESULTS",
    "REVIEW_RESULT_ALIASES",
    "REVIEW_ROWS",
    "TABLE3_NOTE",
    "TABLE3_TITLE",
    "TABLE4_TITLE",
    "TOTAL",
    "TOTAL_RESULTS",
    "OutcomeRow",
    "choice_key",
]

FORMAT_CITATION = (
    "《中华人民共和国政府信息公开工作年度报告格式》（国务院办公厅政府信息与政务公开办公室，"
    "国办公开办函〔2021〕30号，2021年9月26日）"
)

TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

TOTAL = "总计"

APPLICANT_TYPES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
"""申请人情况: 自然人, then the five kinds of 法人或其他组织."""
LEGAL_PERSON_GROUP = "法人或其他组织"
APPLICANT_COLUMNS = (*APPLICANT_TYPES, TOTAL)

NEW_THIS_YEAR = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS_GROUP = "三、本年度办理结果"
TOTAL_RESULTS = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"


@frozen
class OutcomeRow:
    """One result row of table 三: its group (``""`` for a row of its own), its label, and the
    value of the 办理结果 field that counts in it."""

    group: str
    label: str
    value: str

    @property
    def key(self) -> str:
        """The row's key in the JSON table: its label, after its group's when it has one."""
        return f"{self.group} / {self.label}" if self.group else self.label


def _group(group: str, *labels: str) -> tuple[OutcomeRow, ...]:
    return tuple(
        OutcomeRow(group, f"{n}.{label}", label) for n, label in enumerate(labels, start=1)
    )


OUTCOME_ROWS: tuple[OutcomeRow, ...] = (
    OutcomeRow("", "（一）予以公开", "予以公开"),
    OutcomeRow("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    *_group(
        "（三）不予公开",
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ),
    *_group(
        "（四）无法提供",
        "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
    ),
    *_group(
        "（五）不予处理",
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ),
    *_group(
        "（六）其他处理",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ),
)
OUTCOMES = tuple(r.value for r in OUTCOME_ROWS)
"""The values of the 办理结果 field: each result row's label without its number."""
OUTCOME_ALIASES: tuple[tuple[str, str], ...] = (
    ("部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    ("其他处理", "其他"),
)

REVIEW_CASE_TYPES = ("行政复议", "未经复议直接起诉", "复议后起诉")
"""The three blocks of table 四: 行政复议, and 行政诉讼's two."""
REVIEW_CASE_ALIASES: tuple[tuple[str, str], ...] = (
    ("行政诉讼（未经复议直接起诉）", "未经复议直接起诉"),
    ("行政诉讼/未经复议直接起诉", "未经复议直接起诉"),
    ("行政诉讼（复议后起诉）", "复议后起诉"),
    ("行政诉讼/复议后起诉", "复议后起诉"),
)
REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
REVIEW_RESULT_ALIASES: tuple[tuple[str, str], ...] = (("维持", "结果维持"), ("纠正", "结果纠正"))
LITIGATION = "行政诉讼"
REVIEW_ROWS = ("行政复议", f"{LITIGATION} / 未经复议直接起诉", f"{LITIGATION} / 复议后起诉")
"""The keys of table 四 in JSON, one per block (its columns: :data:`REVIEW_RESULTS` and 总计)."""

_NUMBERING = re.compile(r"^(?:\(?[一二三四五六七八九十]+[)、.]|\(?\d+[).、]|\(\d+\))")
_DROPPED = re.compile(r"[\s\"'“”‘’「」]+")


def choice_key(text: str) -> str:
    """How a choice is compared: full-width forms folded (NFKC), spaces and quotes dropped, a
    leading number (「1.」「（三）」) dropped; so 「3.危及"三安全一稳定"」 is 「危及“三安全一稳定”」."""
    s = _DROPPED.sub("", normalize_text(text))
    return _NUMBERING.sub("", s, count=1)
