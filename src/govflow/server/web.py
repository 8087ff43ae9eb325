"""The office's web page (placeholder until the pages land)."""

from __future__ import annotations

from fastapi import FastAPI

from govflow.server.office import Office

__all__ = ["install_web"]


def install_web(app: FastAPI, office: Office) -> None:
    del app, office
