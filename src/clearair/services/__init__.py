"""The workspace's use cases: the only layer the CLI and the web app call.

The entry point is a unit of work plus the acting owner's id; every service
is a module function::

    from clearair.settings import Settings
    from clearair.storage.database import open_database
    from clearair.services import accounts, conversations
    from clearair.domain.schemas import ConversationCreate

    db = open_database(Settings.from_env())            # migrates a fresh database
    uow = db.unit_of_work()
    me = accounts.ensure_local_user(uow)                # single-user mode
    conv = conversations.create(uow, me.id, ConversationCreate(
        kind="apology", title="Missed review", counterpart={"name": "Sam"}))
    db.close()

Each call opens its own transaction (``with uow:``) and commits once at the
end; a call that raises leaves the stored data as it was. Inputs are
``XCreate``/``XUpdate`` pydantic models from :mod:`clearair.domain.schemas`,
outputs ``XPublic`` models. Errors are :mod:`clearair.domain.errors`:
``NotFoundError`` (also for another owner's record), ``ConflictError`` (stale
``version``), ``InvalidTransitionError``, ``InvalidInputError`` (``.field``).

Modules: :mod:`accounts`, :mod:`conversations`, :mod:`plans`, :mod:`followup`,
:mod:`summary`, :mod:`calendar`, :mod:`mistakes`, :mod:`rehearsals`,
:mod:`data` (export/import). Guides are data: :mod:`clearair.guides`.
"""
