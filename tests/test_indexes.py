"""The migrations create every index the models declare, on SQLite and PostgreSQL."""

from typing import Any

import sqlalchemy as sa
from flask import Flask

from clinic.extensions import db
from clinic.models import Base


def _declared(dialect: str) -> set[str]:
    names = set()
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            only = getattr(index, "_ddl_if", None)
            if only is not None and only.dialect and only.dialect != dialect:
                continue
            names.add(str(index.name))
    return names


def test_every_declared_index_is_migrated(app: Flask, session: Any) -> None:
    inspector = sa.inspect(db.engine)
    found = {
        str(index["name"])
        for table in Base.metadata.sorted_tables
        for index in inspector.get_indexes(table.name)
    }
    declared = _declared(db.engine.dialect.name)
    assert {"ix_visit_starts_at", "ix_message_pending_expires", "ix_review_item_open"} <= declared
    assert declared - found == set()
