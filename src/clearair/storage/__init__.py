"""Persistence: SQLAlchemy tables, the database, the unit of work, migrations.

Open the database with :func:`clearair.storage.database.open_database`; nothing
here connects at import time.
"""
