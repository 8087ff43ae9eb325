"""Record fields as rules read them: the dating field of each kind, filters, a post's category."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["BOOL_FIELDS", "DATE_FIELDS", "FIELD_LABELS", "field_value", "matches", "post_category"]

#: The field that dates a record of each built-in kind, for counting.
DATE_FIELDS = {
    "post": "time",
    "event": "date",
    "disclosure": "published",
    "message": "received",
    "application": "received",
}
#: Chinese words for the record fields explanations mention.
FIELD_LABELS = {
    "received": "收到",
    "trigger": "形成（批准、批复、印发）",
    "published": "公开",
    "replied": "答复",
    "date": "日期",
    "time": "发布",
    "detected": "发现",
    "occurred": "发生",
}


def post_category(data: Mapping[str, Any]) -> str:
    """A post's category: its own, else 动态 for news-like columns (the column's name contains
    动态, 要闻, 新闻 or 资讯), else its column."""
    cat = data.get("category")
    if cat:
        return str(cat)
    column = data.get("column")
    column = str(column) if column else ""
    if "动态" in column or "要闻" in column or "新闻" in column or "资讯" in column:
        return "动态"
    return column


def field_value(kind: str, data: Mapping[str, Any], name: str) -> Any:
    """The value of field *name* that rules compare and group by: a post's category is
    :func:`post_category`; a missing yes/no field is ``False``; else the field (or ``None``)."""
    if name == "category" and kind == "post":
        return post_category(data)
    value = data.get(name)
    if value is None and name in BOOL_FIELDS:
        return False
    return value


BOOL_FIELDS = {"original", "simple", "homepage", "abandoned"}


def matches(kind: str, where: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Whether a record's fields satisfy *where*: a list value matches any item; ``{"not":
    [...]}`` matches a value that is none of the items (an empty field included)."""
    for key, wanted in where.items():
        value = field_value(kind, data, key)
        if isinstance(wanted, Mapping):
            if value in wanted.get("not", ()):
                return False
        elif isinstance(wanted, list):
            if value not in wanted:
                return False
        elif isinstance(wanted, bool):
            if bool(value) is not wanted:
                return False
        elif value != wanted:
            return False
    return True
