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
        "全体公民放假的假日，如果适逢星期六、星期日，应当在工作日补假",
        note=(
            "1999年、2007年、2013年公布的文本如此；2024年11月10日修订、2025年1月1日起施行的文本"
            "作「如果适逢周六、周日」，规则不变"
        ),
    ),
    Source(
        "OGI-04",
        "《中华人民共和国政府信息公开条例》第三十三条第三款",
        "征求第三方和其他机关意见所需时间不计算在前款规定的期限内",
    ),
    Source(
        "OGI-07",
        "《中华人民共和国政府信息公开条例》第三十二条",
        "第三方应当自收到征求意见书之日起15个工作日内提出意见",
    ),
    Source(
        "OGI-08", "《中华人民共和国政府信息公开条例》第三十四条", "逾期未提出意见的视为同意公开"
    ),
    Source("OGI-13", "国办公开办函〔2016〕235号", "以交邮之日当日为期限计算时点", grade="G"),
    Source(
        "FIN-01",
        "《中华人民共和国预算法》第十四条第一款",
        "在批准后二十日内由本级政府财政部门向社会公开",
    ),
    Source(
        "FIN-02", "《中华人民共和国预算法》第十四条第二款", "在批复后二十日内由各部门向社会公开"
    ),
    Source(
        "FIN-03", "《中华人民共和国预算法实施条例》第六条", "在部门批复后20日内由单位向社会公开"
    ),
    Source(
        "FIN-06",
        "《中华人民共和国审计法》（2021年修正）第五十二条",
        "按照规定时间整改…并按照规定向社会公布",
        note="法律不定期限：期限是审计决定确定的整改期限，由记录给出",
    ),
    Source(
        "FIN-05",
        "财政部关于“三公”经费公开的通知（2014）",
        "“三公”经费预决算随同部门预决算一并公开",
        grade="S",
        note="预算法规定二十日（自然日），2014年通知的“20个工作日”已被取代",
    ),
    Source(
        "FIN-07",
        "政府信息公开条例第二十六条（收费目录清单）",
        "信息形成或者变更之日起20个工作日内",
        grade="U",
    ),
    Source(
        "AGR-01",
        "涉农补贴领域基层政务公开标准目录",
        "信息形成或者变更之日起20个工作日内",
        grade="S",
    ),
    Source("LAND-01", "《中华人民共和国土地管理法》第四十七条", "公告至少三十日"),
    Source(
        "LAND-02",
        "《中华人民共和国土地管理法实施条例》第二十六条、第二十八条",
        "预公告时间不少于十个工作日；补偿安置公告不少于三十日",
    ),
    Source(
        "LAND-03",
        "《中华人民共和国土地管理法实施条例》第三十一条",
        "自收到批准文件之日起十五个工作日内",
    ),
    Source("VIL-01", "《中华人民共和国村民委员会组织法》第三十条", "一般事项至少每季度公布一次"),
    Source(
        "VIL-02",
        "《中华人民共和国村民委员会组织法》第三十条",
        "集体财务往来较多的，财务收支情况应当每月公布一次",
    ),
    Source(
        "VIL-03", "《中华人民共和国村民委员会组织法》第三十条", "涉及村民利益的重大事项应当随时公布"
    ),
    Source(
        "WEB-01",
        "国办秘函〔2019〕19号 政府网站检查指标",
        "监测2周，首页无信息更新的，即单项否决",
        grade="G",
    ),
    Source(
        "WEB-02",
        "国办秘函〔2019〕19号 政府网站检查指标",
        "前2周内的动态、要闻类栏目…前6个月内的通知公告、政策文件类栏目…累计超过(含)5个未更新",
        grade="G",
    ),
    Source(
        "WEB-04", "国办秘函〔2019〕19号 政府网站检查指标", "存在超过3个月未回应有效留言", grade="G"
    ),
    Source(
        "WEB-08",
        "国办函〔2018〕12号",
        "《政府网站工作年度报表》于每年1月31日前在本网站首页显著位置发布",
        grade="G",
    ),
    Source(
        "WEB-09",
        "国办秘函〔2019〕19号 政务新媒体检查指标（各地通知援引）",
        "监测时间点前2周内无信息更新",
        grade="S",
    ),
    Source(
        "RSP-01",
        "国办发〔2016〕61号",
        "最迟应在24小时内举行新闻发布会；应在48小时内予以回应",
        grade="G",
    ),
    Source("RSP-02", "国办发〔2016〕80号", "最迟要在5小时内发布权威信息", grade="G"),
    Source("RSP-05", "《信访工作条例》第三十四条", "自受理之日起60日内办结"),
    Source("RSP-06", "政策解读“三同步”", "同步组织、同步审签、同步部署", grade="S"),
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
        raise KeyError(f"未知的依据 {source_id!r}；已知的依据：{'、'.join(SOURCES)}") from None
