"""A test-only HTTP shim that lets the official Elasticsearch 8 client talk to the real
OpenSearch node.

It forwards every request unchanged except for two things the ES client insists on:

* request media types ``application/vnd.elasticsearch+json; compatible-with=8`` (and
  ``+x-ndjson``) become ``application/json`` / ``application/x-ndjson``, which OpenSearch
  accepts;
* responses get the ``X-Elastic-Product: Elasticsearch`` header the client checks.

Bodies, status codes and every other header pass through untouched: no canned answers.
Run the suite against a real Elasticsearch 8 instead by setting
DOENERS_TEST_ELASTICSEARCH_URL.
"""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

_VENDOR = re.compile(r"application/vnd\.elasticsearch\+([a-z-]+)(;\s*compatible-with=\d+)?")
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = None
    session = None

    def _forward(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            k: _VENDOR.sub(r"application/\1", v)
            for k, v in self.headers.items()
            if k.lower() not in _HOP
        }
        response = self.session.request(
            self.command, self.upstream + self.path, data=body, headers=headers, timeout=60
        )
        payload = response.content
        self.send_response(response.status_code)
        for key, value in response.headers.items():
            if key.lower() not in _HOP | {"content-encoding"}:
                self.send_header(key, value)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *args):
        pass


class ElasticsearchShim:
    def __init__(self, upstream):
        handler = type(
            "Handler",
            (_Handler,),
            {"upstream": upstream.rstrip("/"), "session": requests.Session()},
        )
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
