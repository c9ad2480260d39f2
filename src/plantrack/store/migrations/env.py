"""Alembic environment: migrations run on the connection that `plantrack.store.migrate`
hands over, or, with Alembic's own command line (alembic.ini at the repository's root),
on the database given as `-x url=…`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from plantrack.store.migrate import include_object
from plantrack.store.schema import Base

config = context.config


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite changes tables by copying them
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///path.db …")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
