"""Alembic migrations of the workspace database (run by clearair.storage.database)."""
