"""What the service serves, built once when it starts: the calendar, the installed plugins and
plan, the case store and its tokens, and the service's limits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from attrs import frozen

if TYPE_CHECKING:
    from govflow.calendar.workcalendar import WorkCalendar
    from govflow.cases.book import CaseBook
    from govflow.cases.judge import CaseJudge
    from govflow.cases.store import CaseStore
    from govflow.cases.tokens import TokenStore
    from govflow.plan.model import Plan
    from govflow.plugins.manager import Registry

__all__ = ["MiB", "Office", "ServiceSettings"]

MiB = 1024 * 1024


@frozen
class ServiceSettings:
    """The service's limits and cross-origin policy."""

    #: the largest JSON body (a batch of 10,000 due-date requests is about 1 MiB)
    max_body: int = 4 * MiB
    #: the largest upload (ledgers to check, all files of one request together)
    max_upload: int = 50 * MiB
    #: origins whose pages may call the API from a browser; none unless configured
    cors_origins: tuple[str, ...] = ()
    #: the web page's session cookie is sent over HTTPS only (behind a TLS proxy)
    secure_cookie: bool = False


class Office:
    """The service's view of govflow: *calendar* gives the working-day calendar; the plugins,
    plan (*plan_ref*, default the installed one) and case store (*db*, default as the command
    line's) are loaded on first use, so the public calendar endpoints need none of them."""

    def __init__(
        self,
        calendar: Callable[[], WorkCalendar],
        *,
        registry: Registry | None = None,
        plan_ref: str | None = None,
        db: str | None = None,
        settings: ServiceSettings | None = None,
    ) -> None:
        self.calendar = calendar
        self._registry = registry
        self.plan_ref = plan_ref
        self.db = db
        self.settings = settings or ServiceSettings()
        self._lock = threading.Lock()
        self._judges: dict[bool, CaseJudge] = {}

    @cached_property
    def registry(self) -> Registry:
        if self._registry is None:
            from govflow.plugins.manager import registry

            return registry()
        return self._registry

    @cached_property
    def plan(self) -> Plan:
        from govflow.errors import GovflowError
        from govflow.server.problems import Problem

        try:
            plan: Plan = self.registry.load_plan(self.plan_ref)
        except GovflowError as exc:  # no plan installed: the calendar endpoints still serve
            raise Problem(503, "没有可用的方案", f"服务没有载入方案：{exc}") from None
        return plan

    @cached_property
    def store(self) -> CaseStore:
        from govflow.cases.store import CaseStore

        return CaseStore.open(self.db, self.registry.case_kinds())

    @cached_property
    def tokens(self) -> TokenStore:
        from govflow.cases.tokens import TokenStore

        return TokenStore(self.store)

    def judge(self, provisional: bool) -> CaseJudge:
        with self._lock:
            if provisional not in self._judges:
                from govflow.plugins.workspace import case_judge

                self._judges[provisional] = case_judge(
                    self.registry, self.plan, self.calendar(), provisional=provisional
                )
            return self._judges[provisional]

    def book(self, provisional: bool = False) -> CaseBook:
        """The case book as of today (Beijing): events after today are refused."""
        from govflow.cases.book import CaseBook
        from govflow.compliance.check import today_in_beijing

        return CaseBook(
            self.store,
            self.judge(provisional),
            self.plan,
            self.registry.record_kinds(),
            self.registry.case_kinds(),
            today_in_beijing(),
        )

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
