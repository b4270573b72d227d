"""How long writing a big graph takes: kg's streaming writer against Oxigraph's serializer and rdflib's.

    python bench/rdf_write.py 50000            # ~1M triples; kg's writer only
    python bench/rdf_write.py 50000 --rdflib   # also rdflib's Turtle serializer (slow)

Builds a synthetic graph of N relations (N/5 entities, N/20 documents, one
statement per relation, every family), then times, in one run:

* ``kg.rdf.write_outputs`` (graph.ttl: terms generated as Turtle text, kg's
  streaming writer) — what ``kg build`` does;
* the same graph to N-Triples and TriG;
* the same triples as pyoxigraph terms through Oxigraph's Turtle serializer;
* with ``--rdflib``: ``kg.rdf.to_rdf`` (rdflib terms into an rdflib Graph)
  and ``Graph.serialize(format="turtle")``;

and prints triples, seconds and the ratios (of CPU time).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import rdf  # noqa: E402
from kg.graph import build_graph  # noqa: E402
from kg.model import FAMILIES, BuildInfo, DocumentInfo, Entity, Evidence, Relation  # noqa: E402

TYPES = ("Person", "Organization", "Place")
PLOVER = {"meets": "CONSULT", "supports": "SUPPORT", "opposes": "ACCUSE", "leads": None, "memberOf": None}


def synthetic_graph(n: int, seed: int = 1):
    rng = random.Random(seed)
    n_entities = max(2, n // 5)
    n_docs = max(1, n // 20)
    entities = []
    for i in range(n_entities):
        kind = TYPES[i % 3]
        name = f"Actor {i} \"{rng.choice(['Le', 'Al', 'Van'])}\" {rng.randrange(10**6)}"
        entities.append(Entity(f"{kind}:{name}", name, kind, aliases=(f"A{i}",), documents=(f"d/{i % n_docs}.txt",),
                               mention_count=rng.randrange(1, 50)))
    docs = [DocumentInfo(f"d/{i}.txt", f"d/{i}.txt", f"Title {i}", hashlib.sha256(str(i).encode()).hexdigest(), 5000)
            for i in range(n_docs)]
    relations = []
    for i in range(n):
        a, b = rng.sample(range(n_entities), 2)
        family = FAMILIES[i % len(FAMILIES)]
        start = rng.randrange(0, 4000)
        sentence = f"Actor {a} and actor {b} did something notable, officials said ({i})."
        relations.append(Relation(entities[a].id, family, entities[b].id, Evidence(
            doc_id=f"d/{i % n_docs}.txt", sentence=sentence, start=start, end=start + len(sentence),
            trigger="did", trigger_start=start + 20, trigger_end=start + 23, lemma="do",
            plover=PLOVER[family], confidence=0.8, frame="svo")))
    build = BuildInfo("0.1.0", "en_core_web_sm", "2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z", ("d",))
    return build_graph(entities, relations, docs, build)


def timed(label: str, func):
    """Run ``func``; print wall-clock and CPU seconds (CPU time suffers less from a busy machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<48} {seconds:8.2f} s wall {cpu:8.2f} s CPU", flush=True)
    return value, cpu


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("relations", type=int, help="number of relations (statements) in the synthetic graph")
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib's Turtle serializer")
    args = parser.parse_args(argv)

    g, _ = timed(f"build synthetic graph ({args.relations} relations)", lambda: synthetic_graph(args.relations))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        (path,), kg_seconds = timed("kg write_outputs -> graph.ttl", lambda: rdf.write_outputs(g, out / "a"))
        timed("kg write_outputs -> graph.nt", lambda: rdf.write_outputs(g, out / "b", formats=("nt",)))
        triples = sum(1 for _ in (out / "b" / "graph.nt").open(encoding="utf-8"))
        timed("kg write_outputs -> graph.trig", lambda: rdf.write_outputs(g, out / "c", formats=("trig",)))
        print(f"triples: {triples}   graph.ttl: {path.stat().st_size / 1e6:.1f} MB")
        print(f"kg Turtle: {triples / kg_seconds / 1e6:.2f} M triples/s")
        import pyoxigraph as ox

        def oxigraph_turtle():
            items = [ox.Triple(*t) for t in rdf.triples(g)]
            return ox.serialize(items, format=ox.RdfFormat.TURTLE, prefixes=rdf.namespaces().prefixes)

        _, ox_seconds = timed("pyoxigraph terms + Oxigraph Turtle serializer", oxigraph_turtle)
        print(f"ratio Oxigraph path / kg write_outputs: {ox_seconds / kg_seconds:.1f}x")
        if args.rdflib:
            graph, to_rdf_seconds = timed("rdflib: kg.rdf.to_rdf (build rdflib.Graph)", lambda: rdf.to_rdf(g))
            _, ser_seconds = timed("rdflib: Graph.serialize(format='turtle')",
                                   lambda: graph.serialize(destination=str(out / "rdflib.ttl"), format="turtle"))
            print(f"rdflib Turtle (serialize only): {triples / ser_seconds / 1e6:.2f} M triples/s")
            print(f"ratio rdflib serialize / kg write_outputs: {ser_seconds / kg_seconds:.1f}x")
            print(f"ratio rdflib to_rdf+serialize / kg write_outputs: {(to_rdf_seconds + ser_seconds) / kg_seconds:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
