"""A private redis-server process on its own port, for tests that restart Redis.
Never restart the shared Redis on 6379: other suites use it.

    with RedisServer(port=6390) as server:
        server.url(1)         # redis://127.0.0.1:6390/1
        server.restart()      # SIGKILL then start again: every queued message is lost
"""

import shutil
import subprocess
import tempfile
import time

import redis


class RedisServer:
    def __init__(self, port=6390):
        self.port = port
        self.proc = None
        self.dir = tempfile.mkdtemp(prefix=f"doeners-redis-{port}-")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self, timeout=15):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (.ci/services.sh redis installs it)")
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server on {self.port} did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def restart(self, down_for=1.0):
        self.stop()
        time.sleep(down_for)
        self.start()
