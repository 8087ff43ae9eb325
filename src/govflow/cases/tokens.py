"""Access tokens of the HTTP service, kept in the case store.

A token is 32 random bytes (:func:`secrets.token_urlsafe`), shown once when created; the store
keeps only its SHA-256 digest (a random secret of that length needs no slow password hash) and
a short hint to tell tokens apart.  A token belongs to one unit of the plan (it sees and acts on
that unit's cases only), or to the whole office (``admin``); either may be ``read_only``.
Revoking a token stamps it; it is never deleted, so the list stays an audit trail.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from attrs import frozen

from govflow.cases.model import BEIJING
from govflow.cases.store import CaseStore, as_read_moment, as_stored_moment, metadata
from govflow.errors import InputError

__all__ = ["AccessToken", "TokenError", "TokenStore", "digest"]

PREFIX = "gf_"

tokens_table = sa.Table(
    "access_tokens",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),
    sa.Column("hint", sa.String(20), nullable=False),
    sa.Column("unit", sa.String(200), nullable=True),
    sa.Column("admin", sa.Boolean(), nullable=False),
    sa.Column("read_only", sa.Boolean(), nullable=False),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)


class TokenError(InputError):
    label = "令牌有误"


@frozen
class AccessToken:
    """What a token may do: *unit* ``None`` is the whole office."""

    id: int
    hint: str
    unit: str | None
    admin: bool
    read_only: bool
    label: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None

    @property
    def role(self) -> str:
        scope = "全部单位" if self.unit is None else self.unit
        if self.admin:
            return "管理（全部单位）"
        return f"{scope}{'（只读）' if self.read_only else ''}"

    def sees(self, unit: str) -> bool:
        return self.unit is None or self.unit == unit

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "hint": self.hint,
            "unit": self.unit,
            "admin": self.admin,
            "read_only": self.read_only,
            "role": self.role,
            "label": self.label,
            "created_at": self.created_at.astimezone(BEIJING).isoformat(timespec="seconds"),
            "created_by": self.created_by,
            "revoked_at": (
                None
                if self.revoked_at is None
                else self.revoked_at.astimezone(BEIJING).isoformat(timespec="seconds")
            ),
        }


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class TokenStore:
    """The tokens of *store*'s database."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def create(
        self,
        *,
        unit: str | None,
        admin: bool = False,
        read_only: bool = False,
        label: str = "",
        created_by: str,
    ) -> tuple[str, AccessToken]:
        """A new token: the secret (to show once) and what it may do."""
        if admin and (unit is not None or read_only):
            raise TokenError("管理令牌属于全部单位且可写：--admin 不能与 --unit、--read-only 同用")
        if not admin and unit is None and not read_only:
            raise TokenError("请指定 --unit 单位、--admin（管理）或 --read-only（全部单位只读）")
        secret = PREFIX + secrets.token_urlsafe(32)
        hint = secret[:7] + "…" + secret[-4:]
        now = datetime.now(BEIJING)
        with self.store._write() as conn:
            new_id = conn.execute(
                tokens_table.insert().values(
                    digest=digest(secret),
                    hint=hint,
                    unit=unit,
                    admin=admin,
                    read_only=read_only,
                    label=label,
                    created_at=as_stored_moment(now),
                    created_by=created_by,
                )
            ).inserted_primary_key
        assert new_id is not None
        return secret, AccessToken(
            int(new_id[0]), hint, unit, admin, read_only, label, now, created_by
        )

    def list(self, *, include_revoked: bool = False) -> list[AccessToken]:
        query = sa.select(tokens_table).order_by(tokens_table.c.id)
        if not include_revoked:
            query = query.where(tokens_table.c.revoked_at.is_(None))
        with self.store._connect() as conn:
            return [_token(row) for row in conn.execute(query).mappings()]

    def revoke(self, token_id: int) -> AccessToken:
        now = datetime.now(BEIJING)
        with self.store._write() as conn:
            row = (
                conn.execute(sa.select(tokens_table).where(tokens_table.c.id == token_id))
                .mappings()
                .first()
            )
            if row is None:
                raise TokenError(f"没有编号为 {token_id} 的令牌；govflow token list 列出全部令牌")
            if row["revoked_at"] is not None:
                return _token(row)
            conn.execute(
                tokens_table.update()
                .where(tokens_table.c.id == token_id)
                .values(revoked_at=as_stored_moment(now))
            )
        return _token({**row, "revoked_at": now})

    def verify(self, secret: str) -> AccessToken | None:
        """The live token whose secret is *secret*, else ``None``."""
        if not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        query = sa.select(tokens_table).where(
            tokens_table.c.digest == digest(secret), tokens_table.c.revoked_at.is_(None)
        )
        with self.store._connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _token(row)


def _token(row: object) -> AccessToken:
    from collections.abc import Mapping

    assert isinstance(row, Mapping)
    return AccessToken(
        id=int(row["id"]),
        hint=str(row["hint"]),
        unit=row["unit"],
        admin=bool(row["admin"]),
        read_only=bool(row["read_only"]),
        label=str(row["label"]),
        created_at=as_read_moment(row["created_at"]),
        created_by=str(row["created_by"]),
        revoked_at=None if row["revoked_at"] is None else as_read_moment(row["revoked_at"]),
    )
