"""Plan documents as counties publish them, read into a govflow plan.

:func:`import_plan` reads the text of a 政务公开工作方案 (a web page copied to text, a ``.docx``
through :func:`read_document`) and returns an :class:`ImportResult`: the :class:`~govflow.plan.model.Plan`,
its plan-file mapping, the unit directory it needs, what was corrected, and what a person must
review.  It finds:

* the title (《…》 of 「关于印发《…》的通知」, or the plan's own title line), the issuer, the
  document number (「X府办字〔2023〕32号」) and the issue date (「2023年6月18日」);
* the sections (「一、」「(一)」, full- or half-width brackets), the numbered tasks (「1.」「1、」)
  with their title (up to the first 「。」) and text, and the safeguards (the items of
  「三、保障措施」);
* the unit clauses 「〔牵头单位:…;责任单位:…〕」 in their variants (〔〕【】[] or (), full- and
  half-width colons and semicolons, 「、」 and 「,」 between names, a comma before 责任单位,
  「县行政审批局(县大数据中心)」, groups such as 「各乡(镇)人民政府」);
* the obligations, from :func:`govflow.importer.phrases.parse_phrases` (timed phrases), each citing the
  sentence it came from; untimed words (「及时」) and ambiguous phrases go to the review list.

Documents are messy; the importer is robust to web-page furniture (breadcrumbs, 「访问量」,
「扫一扫在手机打开当前页」, 「关怀版 无障碍」), full-width digits and spaces, lost line breaks
(tasks run together on one line are split at the next expected task number after a sentence
boundary) and characters lost in copying.  Recovery rules (docs/import.md):

* 「20239月底前」 with plan year 2023 → 「2023年9月底前」: certain, applied and recorded;
  another year (the plan year ± 1) is applied and flagged; otherwise only flagged;
* 「X府办字〔202332」 → 「X府办字〔2023〕32号」 when the plan year is known: applied and flagged;
* 「2023618」 alone on a line of the header → 2023-06-18 when only one split into month and day is
  a date: applied and flagged;
* 「110119120」 before 「热线」「电话」 → 「110、119、120」 when the digits split one way only
  into known service numbers: applied and flagged (never silently).

Units are resolved against a :class:`~govflow.plan.units.UnitDirectory`: the one given, else a county's
directory (supplied by a plugin) whose county the document names, else a directory of the common
group names only (各乡(镇)人民政府, 县政府各部门 …).  A name the directory does not know is kept,
listed as a warning with the closest known names, and added to a generated directory (its kind
guessed from the name: 镇/乡/街道 → township, …中心 → institution …) that the plan file must
reference: :attr:`ImportResult.needs_directory_file`.
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow.importer.assemble import _Importer
from govflow.importer.naming import classify_area
from govflow.importer.phrases import PhrasePattern
from govflow.importer.reading import check_text_size, decode_text, read_document
from govflow.importer.results import (
    Correction,
    DocumentError,
    FoundObligation,
    ImportResult,
    PlanImportError,
    ReviewItem,
)
from govflow.importer.subjects import LEGAL_PATTERNS
from govflow.importer.unitnames import COMMON_GROUPS
from govflow.plan.obligations import Area
from govflow.plan.units import DirectorySource, UnitDirectory

__all__ = [
    "COMMON_GROUPS",
    "LEGAL_PATTERNS",
    "Correction",
    "DocumentError",
    "FoundObligation",
    "ImportResult",
    "PlanImportError",
    "ReviewItem",
    "classify_area",
    "decode_text",
    "import_plan",
    "read_document",
]


def import_plan(
    text: str,
    *,
    year: int | None = None,
    directory: UnitDirectory | None = None,
    extra_patterns: Iterable[PhrasePattern] = (),
    source: str = "",
    plan_id: str | None = None,
    areas: Iterable[Area] = (),
    directories: Iterable[DirectorySource] = (),
) -> ImportResult:
    """Read the text of a plan document into a plan (see the module docstring).

    *year* overrides the year of the title; *directory* the unit directory (by default a
    built-in one the document names, else the common groups only); *extra_patterns* add phrase
    patterns (``Registry.phrase_patterns()``); *source* names the document (the plan id is taken
    from its file name when no built-in directory matches); *plan_id* sets the id; *areas*
    (``Registry.areas()``) assign each task the area whose keywords its section and text match
    best, so that area plugins bind their obligations to the imported plan (flagged for review);
    *directories* (``Registry.unit_directories().values()``) are the unit directories whose county
    the document may name.

    Raises :class:`PlanImportError` when the text holds no numbered tasks or no year, and
    :class:`DocumentError` when it is longer than ``TEXT_LIMIT`` characters.
    """
    return _Importer(
        check_text_size(text, source or "<text>") if isinstance(text, str) else text,
        year=year,
        directory=directory,
        extra_patterns=extra_patterns,
        source=source,
        plan_id=plan_id,
        areas=areas,
        directories=directories,
    ).run()
