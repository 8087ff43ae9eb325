"""The festivals that the invented 2027 test notices need besides 元旦, 春节 and 国庆节.

A user's notice is checked against 《全国年节及纪念日放假办法》 (govflow.calendar.law): every
statutory day of 2027 must be a rest day of its festival's break.  These breaks give them
(清明节 Monday 5 April, 劳动节 Saturday 1 and Sunday 2 May with two weekdays 补假, 端午节
Wednesday 9 June, 中秋节 Wednesday 15 September) with no make-up workday.
"""

from __future__ import annotations

from typing import Any

REST_OF_2027: list[dict[str, Any]] = [
    {"name": "清明节", "from": "2027-04-03", "to": "2027-04-05", "workdays": []},
    {"name": "劳动节", "from": "2027-05-01", "to": "2027-05-04", "workdays": []},
    {"name": "端午节", "from": "2027-06-09", "to": "2027-06-09", "workdays": []},
    {"name": "中秋节", "from": "2027-09-15", "to": "2027-09-15", "workdays": []},
]

#: The same breaks as TOML, to append to a notice file's text.
REST_OF_2027_TOML = "".join(
    f'\n[[breaks]]\nname = "{b["name"]}"\nfrom = {b["from"]}\nto = {b["to"]}\nworkdays = []\n'
    for b in REST_OF_2027
)

#: 春节 and 国庆节 as in the shared 2027 fixture, for notices that otherwise give only 元旦.
SPRING_AND_NATIONAL_2027: list[dict[str, Any]] = [
    {"name": "春节", "from": "2027-02-05", "to": "2027-02-13", "workdays": ["2027-01-31"]},
    {
        "name": "国庆节",
        "from": "2027-10-01",
        "to": "2027-10-07",
        "workdays": ["2027-09-26", "2027-10-09"],
    },
]

#: A whole 2027 notice (every statutory day of the law given), for commands given ``--notice``.
NOTICE_2027_TOML = (
    """\
year = 2027
number = "国办发明电〔2026〕99号"
date = 2026-11-10
address = "https://www.gov.cn/zhengce/content/test-2027.htm"

[[breaks]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03
workdays = []

[[breaks]]
name = "春节"
from = 2027-02-05
to = 2027-02-13
workdays = [2027-01-31]

[[breaks]]
name = "国庆节"
from = 2027-10-01
to = 2027-10-07
workdays = [2027-09-26, 2027-10-09]
"""
    + REST_OF_2027_TOML
)
