"""`khabar add --spark spark://…`: a real standalone cluster (Spark's own master and one
worker on 127.0.0.1, started here and stopped at the end) builds the archive `add` builds."""
from __future__ import annotations

import pytest

from archive import spark
from tests.spark_cluster import standalone_cluster
from tests.test_reliability import COMPLETE, assert_whole, snapshot
from tests.test_spark import SMALL_RANGE, dated, inputs, run  # noqa: F401  (a fixture)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    work = tmp_path_factory.mktemp("cluster")
    with standalone_cluster(work) as (master, _processes):
        yield master, work


def test_a_standalone_cluster_builds_the_archive_add_builds(inputs, cluster, tmp_path,
                                                            monkeypatch):
    master, work = cluster
    monkeypatch.setattr(spark, "RANGE_BYTES", SMALL_RANGE)
    plain = run(tmp_path / "plain", "add", "--jobs", "1", *inputs)
    on_cluster = run(tmp_path / "cluster", "add", "--spark", master, *inputs)
    assert on_cluster.exit_code == plain.exit_code == COMPLETE, on_cluster.stderr
    # the worker ran an executor of this application: the cleaning happened on the cluster
    assert list(work.glob("worker-0/app-*/*/stderr"))
    assert (on_cluster.stderr.replace(str(tmp_path / "cluster"), "ARCHIVE")
            == plain.stderr.replace(str(tmp_path / "plain"), "ARCHIVE"))
    assert_whole(snapshot(tmp_path / "cluster"), snapshot(tmp_path / "plain"))
    assert dated(tmp_path / "cluster") == dated(tmp_path / "plain")
