"""A real Spark standalone cluster on 127.0.0.1: Spark's own master and workers, started from
the jars and `bin/spark-class` that PySpark ships, for the tests and the benchmark."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: How long the master and its workers may take to come up on a loaded machine.
START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def standalone_cluster(work: Path, workers: int = 1, cores: int = 2, memory: str = "1g"):
    """Start a master and `workers` workers; yield (master URL, their processes); stop them."""
    import pyspark

    home = Path(pyspark.__file__).parent
    env = dict(os.environ, SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    port, ui = free_port(), free_port()
    master = f"spark://127.0.0.1:{port}"
    started: list[subprocess.Popen] = []

    def spark_class(name: str, *args: str) -> None:
        log = open(work / f"{name.rsplit('.', 1)[-1]}-{len(started)}.log", "wb")
        started.append(subprocess.Popen(
            [str(home / "bin" / "spark-class"), name, *args], env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True))

    try:
        spark_class("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", str(port), "--webui-port", str(ui))
        for number in range(workers):
            spark_class("org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
                        "--cores", str(cores), "--memory", memory,
                        "--webui-port", str(free_port()),
                        "--work-dir", str(work / f"worker-{number}"))
        _wait_for_workers(ui, workers)
        yield master, started
    finally:
        for process in reversed(started):
            try:
                os.killpg(process.pid, signal.SIGTERM)  # the cluster's own process groups
            except ProcessLookupError:
                pass
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for_workers(ui: int, workers: int) -> None:
    """Until the master's status page lists `workers` live workers."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{ui}/json/", timeout=5) as answer:
                status = json.load(answer)
            if sum(1 for w in status.get("workers", []) if w.get("state") == "ALIVE") >= workers:
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the Spark master and {workers} worker(s) did not start in "
                       f"{START_SECONDS} s")
