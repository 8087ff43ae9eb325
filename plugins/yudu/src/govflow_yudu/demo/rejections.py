"""Rows ``govflow check`` must reject, each a plausible mistake, placed among the others."""

from __future__ import annotations

from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.model import (
    PORTAL,
    WEBSITE,
    PlantedRejection,
)


class Rejections(Builder):
    """Rows ``govflow check`` must reject, each a plausible mistake, placed among the others."""

    def plant_rejections(self) -> None:
        """Rows that must be rejected, each a plausible mistake, placed among the others."""
        rng = self.rng

        def place(
            file: str, row: dict[str, str], field_name: str, description: str, at: float
        ) -> None:
            rows = self.rows[file]
            rows.insert(int(len(rows) * at), ((), row))
            self.rejections.append(PlantedRejection(file, 0, field_name, description))

        place(
            "posts.csv",
            {
                "site": PORTAL,
                "platform": WEBSITE,
                "column": "县城管局/工作动态",
                "unit": "县城管局",
                "time": "2023-08-08 10:15",
                "title": "县城管局开展占道经营专项整治",
                "original": "是",
                "homepage": "否",
            },
            "unit",
            "单位“县城管局”不在于都县单位名录中",
            rng.uniform(0.2, 0.3),
        )
        place(
            "posts.csv",
            {
                "site": PORTAL,
                "platform": WEBSITE,
                "column": "县财政局/工作动态",
                "unit": "县财政局",
                "time": "2023-10-17 16:40",
                "title": "县财政局召开预算绩效管理工作推进会",
                "original": "待定",
                "homepage": "否",
            },
            "original",
            "是否原创填写为“待定”",
            rng.uniform(0.55, 0.65),
        )
        place(
            "messages.csv",
            {
                "id": "LY2023-X0931",
                "channel": "县长信箱",
                "unit": "贡江镇",
                "received": "2023-09-31 10:20",
                "simple": "否",
                "replied": "2023-10-09 15:00",
            },
            "received",
            "收到日期为不存在的日期2023-09-31",
            rng.uniform(0.6, 0.7),
        )
        rows = self.rows["applications.csv"]
        original = rows[len(rows) // 3][1]
        dup = {**original, "channel": "邮寄", "delivery": "邮寄"}
        place(
            "applications.csv",
            dup,
            "id",
            "申请编号{id}重复（登记两次）",
            rng.uniform(0.5, 0.6),
        )
        place(
            "events.csv",
            {
                "id": "SJ2023-X1032",
                "unit": "县司法局",
                "kind": "开放活动",
                "date": "2023-10-32",
                "title": "县司法局“政府开放日”活动",
            },
            "date",
            "日期为不存在的日期2023-10-32",
            rng.uniform(0.7, 0.8),
        )
        place(
            "disclosures.csv",
            {
                "id": "GK2023-X0001",
                "unit": "县发改委",
                "kind": "政策文件",
                "trigger": "2023-12-26",
                "title": "于都县重大项目建设管理办法（待公开）",
            },
            "published",
            "公开日期为空（尚未公开的事项登记在公开事项表中）",
            rng.uniform(0.85, 0.95),
        )
