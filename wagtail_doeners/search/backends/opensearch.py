"""OpenSearch 2.x/3.x through opensearch-py.

OPTIONS: ``HOSTS`` (list of URLs, default ``["http://127.0.0.1:9201"]``),
``HTTP_AUTH`` (``(user, password)``), ``TIMEOUT`` (seconds, default 10),
``INDEX_PREFIX``, ``BULK_BYTES``, ``REPLICAS``, ``MAX_RETRIES``; see docs/search.md.
"""

from .base import SearchUnavailable
from .engine import EngineBackend


class OpenSearchBackend(EngineBackend):
    def _make_client(self):
        from opensearchpy import OpenSearch

        hosts = self.options.get("HOSTS", ["http://127.0.0.1:9201"])
        return OpenSearch(
            hosts=hosts,
            http_auth=self.options.get("HTTP_AUTH"),
            timeout=self.options.get("TIMEOUT", 10),
            # A node that cannot be reached: try the next host. Statuses (429, 503)
            # are retried with back-off by EngineBackend.request, not here.
            max_retries=max(len(hosts) - 1, 0),
            retry_on_status=(),
            retry_on_timeout=False,
        )

    def _send(self, method, path, body, params, headers):
        from opensearchpy import exceptions as exc

        headers = {"content-type": "application/x-ndjson"} if isinstance(body, str) else None
        try:
            data = self.client.transport.perform_request(
                method, path, params=params, body=body, headers=headers
            )
            if method == "HEAD":
                # opensearch-py answers HEAD with True/False instead of raising on 404.
                return (200, True) if data else (404, None)
            return 200, data
        except exc.ConnectionError as error:
            raise SearchUnavailable(str(error)) from error
        except exc.TransportError as error:
            status = error.status_code if isinstance(error.status_code, int) else 503
            if method == "HEAD":
                return status, None
            return status, error.info
