"""Citations: the laws, regulations and conventions govflow's rules rest on.

Every rule cites where it comes from.  The ids (``CNT-05``, ``OGI-02`` ...) are those of the domain
brief (docs/sources.md reproduces it); ``grade`` says how firm the source is: ``P`` primary text,
``G`` official document read in a copy, ``S`` secondary, ``U`` an interpretation kept configurable.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

__all__ = ["SOURCES", "Source", "source"]


@frozen
class Source:
    """One citation: an article of a law, a State Council document, or a counting convention."""

    id: str
    title: str
    """Chinese citation, e.g. 《中华人民共和国民法典》第二百零一条."""
    quote: str = ""
    """The operative words, at most a sentence."""
    grade: str = "P"
    note: str = ""
    address: str = ""

    def cite(self) -> str:
        return f"{self.title}：「{self.quote}」" if self.quote else self.title

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "title": self.title, "quote": self.quote, "grade": self.grade}
        if self.note:
            out["note"] = self.note
        if self.address:
            out["address"] = self.address
        return out


_ALL = [
    Source(
        "CNT-01",
        "《国务院关于职工工作时间的规定》（1995）第七条",
        "国家机关、事业单位实行统一的工作时间，星期六和星期日为周休息日",
    ),
    Source("CNT-02", "《中华人民共和国行政许可法》第八十二条", "以工作日计算，不含法定节假日"),
    Source(
        "CNT-04",
        "国务院办公厅年度节假日安排通知",
        "调休上班日计为工作日",
        grade="U",
        note="通知写明该日“上班”；条例未明文规定，可配置",
    ),
    Source(
        "CNT-05",
        "《中华人民共和国民法典》第二百零一条",
        "开始的当日不计入，自下一日开始计算",
        note="工作日期间第1日为起算日之后的第一个工作日",
    ),
    Source(
        "CNT-06",
        "《中华人民共和国民法典》第二百零三条",
        "最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日",
    ),
    Source(
        "CNT-07",
        "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第四十八条",
        "期间届满的最后一日是节假日的，以节假日后的第一日为期间届满的日期",
        grade="U",
        note="周末是否属于“节假日”未有定论；默认顺延至下一个工作日，可配置",
    ),
    Source(
        "CNT-08", "《中华人民共和国民法典》第一千二百五十九条", "以上、以下、以内、届满，包括本数"
    ),
    Source(
        "CNT-09",
        "《中华人民共和国民法典》第二百零二条",
        "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日",
    ),
    Source(
        "CNT-10",
        "《中华人民共和国民法典》第二百零一条第二款",
        "按照小时计算期间的，自法律规定或者当事人约定的时间开始计算",
    ),
    Source(
        "CNT-12",
        "《中华人民共和国政府信息公开条例》第三十三条第三款",
        "征求第三方和其他机关意见所需时间不计算在前款规定的期限内",
    ),
    Source(
        "CNT-13",
        "《中华人民共和国政府信息公开条例》第三十条",
        "答复期限自行政机关收到补正的申请之日起计算",
    ),
    Source(
        "CNT-14",
        "《全国年节及纪念日放假办法》第三条",
        "部分公民放假的节日",
        grade="U",
        note="部分公民放假的半天假日不影响机关工作日",
    ),
    Source(
        "OGI-01",
        "《中华人民共和国政府信息公开条例》第二十六条",
        "自该政府信息形成或者变更之日起20个工作日内及时公开",
    ),
    Source(
        "OGI-02",
        "《中华人民共和国政府信息公开条例》第三十三条第二款",
        "自收到申请之日起20个工作日内予以答复",
    ),
    Source(
        "OGI-03",
        "《中华人民共和国政府信息公开条例》第三十三条第二款",
        "延长的期限最长不得超过20个工作日",
    ),
    Source(
        "OGI-05",
        "《中华人民共和国政府信息公开条例》第三十条",
        "自收到申请之日起7个工作日内一次性告知申请人作出补正",
    ),
    Source(
        "OGI-10",
        "《中华人民共和国政府信息公开条例》第四十九条",
        "每年1月31日前…公布…上一年度政府信息公开工作年度报告",
        note="“前”理解为当日及以前（U）",
    ),
    Source(
        "HOL-01", "《全国年节及纪念日放假办法》（2024年11月10日修订）第二条", "全体公民放假的节日"
    ),
    Source(
        "HOL-02", "《全国年节及纪念日放假办法》第七条", "法定节假日假期前后连续工作一般不超过6天"
    ),
    Source(
        "HOL-03",
        "《全国年节及纪念日放假办法》第六条",
        "全体公民放假的假日，如果适逢周六、周日，应当在工作日补假",
    ),
    Source(
        "ANCHOR",
        "期限“前”的理解",
        "“9月底前”“年底前”指该日当日及以前",
        grade="U",
        note="条例未规定固定日期遇休息日顺延，govflow 不自动顺延",
    ),
]

SOURCES: dict[str, Source] = {s.id: s for s in _ALL}


def source(source_id: str) -> Source:
    """The registered source with this id; ``KeyError`` names the known ids."""
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(SOURCES)}") from None
