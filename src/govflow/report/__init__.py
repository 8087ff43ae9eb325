"""Renderings of schedules and findings: the agenda, check output, the monthly bulletin."""

from __future__ import annotations
