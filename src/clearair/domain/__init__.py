"""The workspace's domain: conversations, plans, outcomes and mistakes.

Plain Python (with pydantic models for validation): their states, allowed
transitions and rules. This package imports no SQLAlchemy, Typer or FastAPI;
``clearair.storage`` maps it to tables and ``clearair.services`` uses both.
"""
