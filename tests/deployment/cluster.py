"""A throw-away 3-node OpenSearch cluster for tests: search-node/cluster.sh with its own
base port, cluster name and data directory (a temporary directory, removed on stop)."""

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "search-node" / "cluster.sh"


def _port_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_base_port():
    """A base port whose HTTP (base+1..3) and transport (base+201..203) ports are free."""
    for _ in range(200):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1] - 1
        if base > 60000:
            continue
        ports = [base + i for i in (1, 2, 3)] + [base + 200 + i for i in (1, 2, 3)]
        if all(_port_free(p) for p in ports):
            return base
    raise RuntimeError("no free port range for a 3-node cluster")


class Cluster:
    def __init__(self, nodes=3, heap="512m"):
        self.base = free_base_port()
        self.nodes = nodes
        self.dir = tempfile.mkdtemp(prefix="doeners-cluster-")
        self.env = {
            **os.environ,
            "CLUSTER_DIR": self.dir,
            "CLUSTER_NAME": f"doeners-test-{uuid.uuid4().hex[:6]}",
            "CLUSTER_NODES": str(nodes),
            "CLUSTER_HEAP": heap,
            "CLUSTER_WAIT": "240",
        }
        self.urls = [f"http://127.0.0.1:{self.base + i}" for i in range(1, nodes + 1)]

    def _script(self, *args):
        subprocess.run(
            ["bash", str(SCRIPT), *map(str, args)], env=self.env, check=True, timeout=600
        )

    def start(self):
        self._script("start", self.base)
        return self

    def start_node(self, number):
        self._script("start-node", number, self.base)

    def kill_node(self, number):
        """SIGKILL: the node dies without saying goodbye (no graceful shard handoff)."""
        self._script("kill-node", number, self.base)

    def stop(self):
        try:
            self._script("stop", self.base)
        finally:
            # Whatever the script managed, no JVM of ours may outlive the test.
            for pid_file in Path(self.dir).glob("node-*.pid"):
                try:
                    os.kill(int(pid_file.read_text()), 9)
                except (OSError, ValueError):
                    pass
            shutil.rmtree(self.dir, ignore_errors=True)

    def live_url(self, exclude=()):
        """The URL of a node that answers (skipping node numbers in ``exclude``)."""
        for number, url in enumerate(self.urls, start=1):
            if number in exclude:
                continue
            try:
                requests.get(f"{url}/_cluster/health", timeout=3).raise_for_status()
                return url
            except requests.RequestException:
                continue
        raise RuntimeError("no node of the cluster answers")

    def get(self, path, exclude=(), **params):
        response = requests.get(f"{self.live_url(exclude)}{path}", params=params, timeout=90)
        response.raise_for_status()
        return response.json()

    def health(self, exclude=(), **params):
        return self.get("/_cluster/health", exclude=exclude, **params)

    @staticmethod
    def node_number(name):
        return int(name.rsplit("-", 1)[-1])
