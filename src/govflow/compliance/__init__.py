"""Compliance: records in, rules over them, findings out."""

from __future__ import annotations
