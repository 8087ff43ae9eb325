"""Cases and their append-only events.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY = "govflow: cases and case_events are append-only (a correction is a new event)"


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_cases_unit", "cases", ["unit"])
    op.create_index("ix_cases_kind", "cases", ["kind"])
    op.create_table(
        "case_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(100), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("occurred", sa.String(40), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("supersedes", sa.Integer(), sa.ForeignKey("case_events.seq"), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_case_events_case", "case_events", ["case_id", "seq"])
    dialect = op.get_bind().dialect.name
    for table in ("cases", "case_events"):
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
                )
        elif dialect == "postgresql":
            if table == "cases":
                op.execute(
                    "CREATE FUNCTION govflow_append_only() RETURNS trigger AS $$ BEGIN "
                    f"RAISE EXCEPTION '{_APPEND_ONLY}'; END $$ LANGUAGE plpgsql"
                )
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION govflow_append_only()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_events_append_only ON case_events")
        op.execute("DROP TRIGGER IF EXISTS cases_append_only ON cases")
        op.execute("DROP FUNCTION IF EXISTS govflow_append_only()")
    op.drop_index("ix_case_events_case", table_name="case_events")
    op.drop_table("case_events")
    op.drop_index("ix_cases_kind", table_name="cases")
    op.drop_index("ix_cases_unit", table_name="cases")
    op.drop_table("cases")
