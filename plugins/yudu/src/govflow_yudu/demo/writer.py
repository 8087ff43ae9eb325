"""Numbering the records, writing the CSV files and ``planted.json``."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

from govflow.compliance.records import BUILTIN_KINDS
from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.model import (
    FILES,
    DemoData,
    PlantedRejection,
    PlantedViolation,
    Ref,
    cell,
)
from govflow_yudu.demo.monitoring import LABELS, MONITORED_BY, PROBES, SNAPSHOTS
from govflow_yudu.demo.reports import REPORT_LABELS, REPORTS, SECTIONS_RULE
from govflow_yudu.demo.vocabulary import (
    VILLAGES,
)


class Writer(Builder):
    """Numbering the records, writing the CSV files and ``planted.json``."""

    def write(self, out: Path, seed: int) -> DemoData:
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        counts: dict[str, int] = {}
        numbers: dict[str, int] = defaultdict(int)
        for name, _, _, _ in FILES:  # number the records in the order they are written
            for _, row in self.rows[name]:
                for value in row.values():
                    if isinstance(value, Ref) and not value.value:
                        numbers[value.fmt] += 1
                        value.value = value.fmt.format(numbers[value.fmt])
        text_rows: dict[str, list[dict[str, str]]] = {}
        for name, kind, encoding, fields in FILES:
            rows = text_rows[name] = [
                {k: cell(v) for k, v in row.items()} for _, row in self.rows[name]
            ]
            spec = BUILTIN_KINDS.get(kind)
            buf = io.StringIO(newline="")
            writer = csv.writer(buf, lineterminator="\r\n")
            # the monitoring kinds are the newmedia plugin's, the report texts the response
            # plugin's: their labels are written here
            labels = {**LABELS, **REPORT_LABELS}
            writer.writerow([spec.field(f).label if spec else labels[kind][f] for f in fields])
            for row in rows:
                writer.writerow([row.get(f, "") for f in fields])
            path = out / name
            path.write_bytes(buf.getvalue().encode(encoding))
            written.append(path)
            counts[name] = len(rows)
        rejections = []
        for rej in self.rejections:
            # the line of the row holding the planted mistake (no cell spans lines)
            line = self._rejected_line(text_rows[rej.file], rej)
            text = rej.description.replace("{id}", text_rows[rej.file][line - 2].get("id", ""))
            rejections.append(PlantedRejection(rej.file, line, rej.field, text))
        self.rejections = rejections
        every = [
            PlantedViolation(
                rule,
                unit,
                due,
                text.replace("{id}", str(case or "")),
                window,
                entity,
                None if case is None else str(case),
            )
            for rule, unit, due, text, window, entity, case in self.pending
        ]
        every.sort(key=lambda v: (v.rule, v.unit, v.due or date.min))
        # a violation of a rule that is not loaded is in the records, but no check reports it
        self.violations = [v for v in every if self.checked(v.rule)]
        skipped = [v for v in every if not self.checked(v.rule)]
        violations = self.violations
        # the monitoring kinds are the newmedia plugin's: without it no rule reads them
        unread = [] if self.checked(MONITORED_BY) else [out / SNAPSHOTS, out / PROBES]
        if not self.checked(SECTIONS_RULE):  # the report texts are the response plugin's kind
            unread.append(out / REPORTS)
        data = DemoData(
            out,
            written,
            counts,
            violations,
            rejections,
            self.as_of,
            seed,
            self.scale,
            skipped,
            unread,
        )
        note = (
            "govflow demo-data 生成的演示数据：于都县2023年政务公开工作方案各单位的合成记录。"
            "村名、标题、文号、账号与留言均为虚构，与实际行政村和单位工作无关。"
        )
        if skipped:
            note += data.skipped_note()
        doc = {
            "说明": note,
            "plan": self.plan.id,
            "year": self.plan.year,
            "seed": seed,
            "scale": self.scale,
            "planted": self.plant,
            "as_of": self.as_of.isoformat(),
            "files": {
                name: {"kind": kind, "encoding": enc, "rows": counts[name]}
                for name, kind, enc, _ in FILES
            },
            "villages": {t: list(v) for t, v in VILLAGES.items()},
            "violations": [v.to_dict() for v in violations],
            "rejected": [r.to_dict() for r in rejections],
        }
        if skipped:
            doc["skipped_plugins"] = data.missing_plugins()
            doc["skipped"] = [v.to_dict() for v in skipped]
        planted = out / "planted.json"
        planted.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(planted)
        return data

    def _rejected_line(self, rows: list[dict[str, str]], rej: PlantedRejection) -> int:
        marks = {
            "unit": ("unit", "县城管局"),
            "original": ("original", "待定"),
            "received": ("received", "2023-09-31 10:20"),
            "date": ("date", "2023-10-32"),
        }
        seen: set[str] = set()
        for i, r in enumerate(rows, 2):  # line 1 is the header
            if rej.field in marks:
                name, value = marks[rej.field]
                if r.get(name) == value:
                    return i
            elif rej.field == "published":
                if not r.get("published"):
                    return i
            elif r["id"] in seen:  # the duplicate id: its second row
                return i
            seen.add(r.get("id", ""))
        raise AssertionError(f"planted row not found: {rej}")
