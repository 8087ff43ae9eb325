"""The service's access tokens (src/govflow/cases/tokens.py) on SQLite and PostgreSQL: shown once,
stored as a digest only, verified by the exact secret, revoked at once; and the store's schema
migrated from the first revision (a store of cases only) without losing its cases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.cases.kinds import BUILTIN_CASE_KINDS
from govflow.cases.model import Case, new_event
from govflow.cases.store import CaseStore
from govflow.cases.tokens import TokenError, TokenStore, digest

KINDS = {k.name: k for k in BUILTIN_CASE_KINDS}


@pytest.fixture
def tokens(db_url: str) -> Iterator[TokenStore]:
    store = CaseStore(db_url, KINDS)
    yield TokenStore(store)
    store.close()


def _raw_rows(url: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM access_tokens")]
    engine.dispose()
    return rows


def test_a_token_is_stored_as_its_digest_and_verified_by_its_secret(
    tokens: TokenStore, db_url: str
) -> None:
    secret, made = tokens.create(unit="县财政局", label="财政局OA", created_by="办公室")
    assert secret.startswith("gf_")
    assert len(secret) >= 43
    rows = _raw_rows(db_url)
    assert len(rows) == 1
    assert all(secret not in str(cell) for cell in rows[0])
    assert digest(secret) in rows[0]
    got = tokens.verify(secret)
    assert got is not None
    assert (got.id, got.unit, got.read_only) == (made.id, "县财政局", False)
    assert got.sees("县财政局")
    assert not got.sees("县卫健委")
    assert tokens.verify(secret[:-1]) is None
    assert tokens.verify(secret + "x") is None
    assert tokens.verify("") is None
    assert tokens.verify(secret.upper()) is None


def test_revoking_takes_effect_at_once_and_keeps_the_record(tokens: TokenStore) -> None:
    secret, made = tokens.create(unit=None, admin=True, created_by="办公室")
    other, _ = tokens.create(unit=None, read_only=True, created_by="办公室")
    revoked = tokens.revoke(made.id)
    assert revoked.revoked_at is not None
    assert tokens.verify(secret) is None
    assert tokens.verify(other) is not None
    assert [t.id for t in tokens.list()] == [made.id + 1]
    assert [t.id for t in tokens.list(include_revoked=True)] == [made.id, made.id + 1]
    assert tokens.revoke(made.id).revoked_at == revoked.revoked_at  # twice: no change
    with pytest.raises(TokenError, match="没有编号为 999 的令牌"):
        tokens.revoke(999)


def test_roles_must_be_one_of_unit_admin_or_read_only(tokens: TokenStore) -> None:
    for kwargs in (
        {"unit": "县财政局", "admin": True},
        {"unit": None, "admin": True, "read_only": True},
        {"unit": None},
    ):
        with pytest.raises(TokenError):
            tokens.create(created_by="x", **kwargs)
    _, unit_ro = tokens.create(unit="县财政局", read_only=True, created_by="x")
    _, admin = tokens.create(unit=None, admin=True, created_by="x")
    assert (unit_ro.role, admin.role) == ("县财政局（只读）", "管理（全部单位）")


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=0, max_size=80))
def test_no_other_string_verifies(tmp_path_factory: pytest.TempPathFactory, guess: str) -> None:
    store = CaseStore(f"sqlite:///{tmp_path_factory.mktemp('t') / 'c.sqlite3'}", KINDS)
    tokens = TokenStore(store)
    secret, _ = tokens.create(unit=None, admin=True, created_by="x")
    assert (tokens.verify(guess) is not None) == (guess == secret)
    store.close()


def test_a_store_of_the_first_revision_gains_tokens_and_keeps_its_cases(db_url: str) -> None:
    from alembic import command

    old = CaseStore(db_url, KINDS, migrate=False)
    with old._write() as conn:
        command.upgrade(old._alembic(conn), "0001")
    assert old.revision() == "0001"
    kind = KINDS["application"]
    opening = new_event("received", date(2023, 9, 20), actor="张三")
    old.create(Case(kind, "A-1", "县财政局", {}, (opening,)), "张三", lambda _: None)
    old.close()
    store = CaseStore(db_url, KINDS)
    assert store.revision() == store.head() == "0002"
    assert store.get("A-1").unit == "县财政局"
    secret, _ = TokenStore(store).create(unit=None, admin=True, created_by="x")
    assert TokenStore(store).verify(secret) is not None
    store.close()
