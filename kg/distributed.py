"""Per-document extraction on a Dask cluster (``kg build --scheduler ADDRESS``).

The cluster runs the very function ``--jobs`` runs in local processes,
``kg.pipeline.extract_batch``: a batch of ``Document`` records in, a list of
small ``DocResult`` records out, the spaCy model loaded once per worker
process.  Cross-document resolution stays a global step in the pipeline after
all results are in, so a cluster build gives the same graph as a local one.

``ADDRESS`` is a scheduler address such as ``tcp://10.0.0.5:8786``, or
``local`` to start a ``LocalCluster`` on this machine (one single-threaded
worker process per core, bound to 127.0.0.1, no dashboard).  Workers need kg
and the spaCy model installed in the same versions as the client; see
docs/scale.md.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from itertools import chain

from .errors import ClusterError
from .model import Document, DocResult

__all__ = ["LOCAL", "IN_FLIGHT_PER_WORKER", "map_batches", "connect"]

LOCAL = "local"
#: Batches queued per worker thread, so the cluster never idles and memory
#: stays bounded however large the corpus.
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "30s"


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError(
            "--scheduler needs dask.distributed: pip install 'dask[distributed]' (or kg[dask])"
        ) from exc
    return distributed


@contextlib.contextmanager
def connect(address: str, workers: int | None = None) -> Iterator:
    """A ``distributed.Client`` for ``address`` (``local`` starts and stops a LocalCluster)."""
    distributed = _import_distributed()
    address = (address or "").strip()
    if not address:
        raise ClusterError("--scheduler needs an address such as tcp://HOST:8786, or 'local'")
    cluster = None
    try:
        if address == LOCAL:
            cluster = distributed.LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # The scheduler's small HTTP server (health, metrics) on a free loopback port.
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                silence_logs=40,
            )
            client = distributed.Client(cluster, timeout=CONNECT_TIMEOUT)
        else:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = "a local Dask cluster" if address == LOCAL else f"the Dask scheduler at {address}"
        raise ClusterError(f"cannot reach {where}: {exc or type(exc).__name__}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def map_batches(
    batches: Iterable[list[Document]],
    model: str | None,
    address: str,
    workers: int | None = None,
) -> Iterator[list[DocResult]]:
    """Run ``kg.pipeline.extract_batch(batch, model)`` for every batch on the cluster.

    Yields each batch's results as soon as it finishes (not in input order).
    Only a few batches per worker are submitted ahead, so ``batches`` may be a
    lazy stream over a corpus of any size.  A batch that fails on a worker
    raises here, with the worker's exception.  ``workers`` sizes a ``local``
    cluster (default: the machine's cores); a real cluster has its own.
    """
    from .pipeline import extract_batch

    distributed = _import_distributed()
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return  # everything came from the cache: no cluster needed
    batches = chain([first], batches)
    with connect(address, workers) as client:
        pending = distributed.as_completed()
        exhausted = False

        def top_up() -> None:
            # Workers may join (or leave) a real cluster while the build runs.
            nonlocal exhausted
            ahead = max(2, IN_FLIGHT_PER_WORKER * sum(client.nthreads().values()))
            while not exhausted and pending.count() < ahead:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                else:
                    pending.add(client.submit(extract_batch, batch, model, pure=False))

        top_up()
        for future in pending:
            try:
                results = future.result()
            finally:
                future.release()
            top_up()
            yield results
