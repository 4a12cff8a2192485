"""The web app: ``create_app(settings)``, routes, templates and static files.

Nothing is built at import time; ``clearair serve`` (or a test) calls
:func:`clearair.web.app.create_app`.
"""
