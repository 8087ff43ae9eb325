"""Alembic's environment for the case store: migrations run on the connection the store gives
(``config.attributes["connection"]``), inside the store's own transaction."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
