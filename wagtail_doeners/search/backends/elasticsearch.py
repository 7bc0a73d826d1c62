"""Elasticsearch 8.x through the official ``elasticsearch`` client.

OPTIONS: ``HOSTS`` (list of URLs), ``API_KEY`` or ``BASIC_AUTH``, ``CA_CERTS``,
``TIMEOUT``, ``INDEX_PREFIX``, ``BULK_BYTES``, ``REPLICAS``, ``MAX_RETRIES``.
"""

from .base import SearchUnavailable
from .engine import EngineBackend

_JSON = "application/vnd.elasticsearch+json; compatible-with=8"
_NDJSON = "application/vnd.elasticsearch+x-ndjson; compatible-with=8"


class ElasticsearchBackend(EngineBackend):
    def _make_client(self):
        from elasticsearch import Elasticsearch

        hosts = self.options.get("HOSTS", ["http://127.0.0.1:9200"])
        kwargs = {
            "hosts": hosts,
            "request_timeout": self.options.get("TIMEOUT", 10),
            # Unreachable node: next host; 429/503 are EngineBackend.request's job.
            "max_retries": max(len(hosts) - 1, 0),
            "retry_on_status": (),
            "retry_on_timeout": False,
        }
        for option, kwarg in (
            ("API_KEY", "api_key"),
            ("BASIC_AUTH", "basic_auth"),
            ("CA_CERTS", "ca_certs"),
        ):
            if self.options.get(option):
                kwargs[kwarg] = self.options[option]
        return Elasticsearch(**kwargs)

    def _send(self, method, path, body, params, headers):
        from elasticsearch import ApiError, TransportError

        headers = {"accept": _JSON}
        if body is not None:
            headers["content-type"] = _NDJSON if isinstance(body, str) else _JSON
        try:
            response = self.client.perform_request(
                method, path, params=params, headers=headers, body=body
            )
            status = response.meta.status
            if method == "HEAD":
                return status, (True if status < 300 else None)
            return status, response.body
        except ApiError as error:
            if method == "HEAD":
                return error.meta.status, None
            return error.meta.status, error.body
        except TransportError as error:
            raise SearchUnavailable(str(error)) from error
