"""Alembic migrations of the PlanTrack schema (run by `plantrack.store.migrate`)."""
