"""Text primitives with no knowledge of plans: Chinese numerals and date spellings."""

from __future__ import annotations
