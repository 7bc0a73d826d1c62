"""The backend interface shared by the engines and the database fallback."""


class SearchUnavailable(Exception):
    """The engine cannot be reached (connection refused, timeout, 5xx)."""


class SearchEngineError(Exception):
    """The engine answered with an error that retrying will not fix."""

    def __init__(self, status, body):
        self.status, self.body = status, body
        super().__init__(f"{status}: {str(body)[:500]}")


class BaseSearchBackend:
    #: Feature names this backend supports, listed in docs/search.md.
    features = frozenset()
    #: False for the database fallback: nothing to index or sync.
    uses_index = False

    def __init__(self, options):
        self.options = options

    def search(self, params):
        """Run a cleaned ``SearchParams``; return ``SearchResults``."""
        raise NotImplementedError

    def autocomplete(self, q, limit=8):
        """Up to ``limit`` ``{"title", "type", "url"}`` suggestions for a prefix."""
        raise NotImplementedError

    # Index maintenance: no-ops unless the backend keeps an index.
    def apply_changes(self, province, actions):
        """Apply ``[(doc_key, version, document_or_None)]`` to ``province``'s index."""

    def rebuild(self, province, documents, version, progress=None):
        return 0

    def status(self):
        return {"engine": type(self).__name__, "provinces": {}, "mapping_version": None}

    def check(self):
        """Return a list of human-readable problems (empty: in sync)."""
        return []
