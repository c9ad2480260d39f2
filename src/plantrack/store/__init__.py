"""Store: the only package that speaks SQL (SQLAlchemy 2; SQLite by default)."""
