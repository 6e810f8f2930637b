"""The desk's local store: SQLAlchemy models, the database, migrations, the sync outbox.

Importing the package installs the search-index hooks, so a bib record written
through any session is findable by catalog search in the same transaction.
"""

from desk_app.store import search_index as _search_index  # noqa: F401  (registers ORM hooks)
