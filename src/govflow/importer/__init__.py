"""Plan import: reading a 工作方案 document and turning its time phrases into obligations."""

from __future__ import annotations
