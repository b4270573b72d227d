"""kg build --scheduler: extraction on a Dask cluster gives the graph of a local build."""

from __future__ import annotations

import shutil
import time

import pytest
import rdflib

from kg import distributed, pipeline
from kg.errors import ClusterError
from kg.pipeline import build

from .conftest import DATA, SEEDS
from .servers import free_port

#: The build's own times are the only triples allowed to differ between two builds.
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
TIMES = {PROV.startedAtTime, PROV.endedAtTime}


def triples_without_times(path) -> set:
    g = rdflib.Graph().parse(path)
    return {t for t in g if t[1] not in TIMES}


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """The seeds and three short articles sharing actors, in one folder."""
    folder = tmp_path_factory.mktemp("scale-sources")
    for path in list(SEEDS.glob("*.txt")) + list((DATA / "scale_articles").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.model
def test_local_cluster_build_equals_local_build(sources, tmp_path, monkeypatch):
    local = build([sources], tmp_path / "local", jobs=1, progress=False, use_cache=False, html=False)
    # One document per batch, so the batches really spread over the workers.
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 1)
    cluster = build([sources], tmp_path / "dask", scheduler="local", progress=False, use_cache=False,
                    html=False)
    assert cluster.documents == local.documents == 5
    assert local.statements > 0
    assert (cluster.entities, cluster.edges, cluster.statements) == (local.entities, local.edges, local.statements)
    assert triples_without_times(tmp_path / "dask" / "graph.ttl") == triples_without_times(
        tmp_path / "local" / "graph.ttl"
    )


def test_unreachable_scheduler_is_a_cluster_error(monkeypatch):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "2s")
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1") as info:
        list(distributed.map_batches([[]], None, address))
    assert "\n" not in str(info.value)
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("address", ["", "   "])
def test_an_address_is_required(address):
    with pytest.raises(ClusterError, match="needs an address"):
        list(distributed.map_batches([[]], None, address))


def test_nothing_to_do_submits_nothing(monkeypatch):
    """No batch, no cluster: an empty corpus never starts workers."""
    monkeypatch.setattr(distributed, "connect", lambda *a, **k: pytest.fail("connected"))
    assert list(distributed.map_batches(iter([]), None, "local")) == []


def test_batches_are_pulled_lazily_and_all_come_back(monkeypatch):
    """A few batches per worker thread in flight, however long the stream."""
    import contextlib

    import distributed as dd

    @contextlib.contextmanager
    def in_process(address, workers=None):
        with dd.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None,
                       scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as client:
            yield client

    def fake_extract(batch, model):
        time.sleep(0.01)
        return [f"{model}:{doc}" for doc in batch]

    pulled = []

    def stream():
        for i in range(40):
            pulled.append(i)
            yield [i]

    monkeypatch.setattr(distributed, "connect", in_process)
    monkeypatch.setattr(pipeline, "extract_batch", fake_extract)
    results, most_ahead = [], 0
    for batch_results in distributed.map_batches(stream(), "m", "ignored"):
        results.extend(batch_results)
        most_ahead = max(most_ahead, len(pulled) - len(results))
    assert sorted(results) == sorted(f"m:{i}" for i in range(40))
    assert most_ahead <= distributed.IN_FLIGHT_PER_WORKER * 2 + 1
