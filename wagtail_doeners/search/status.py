"""The status shown by ``doeners_search_status`` and the admin page."""

from .backends import get_search_backend
from .backends.base import SearchEngineError, SearchUnavailable
from .documents import MAPPING_VERSION
from .sync import outbox_backlog


def search_status():
    backend = get_search_backend()
    status = {
        "engine": type(backend).__name__,
        "uses_index": backend.uses_index,
        "mapping_version": MAPPING_VERSION,
        "provinces": {},
        "outbox": outbox_backlog(),
        "problems": [],
        "error": "",
    }
    if backend.uses_index:
        try:
            status.update({k: v for k, v in backend.status().items() if k != "engine"})
            status["problems"] = backend.check()
        except (SearchUnavailable, SearchEngineError) as error:
            status["error"] = str(error)
    return status
