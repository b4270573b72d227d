"""The whole build: read -> nlp -> mentions -> resolve -> relations -> graph -> outputs.

Per-document work (spaCy, mentions, within-document resolution, relations)
runs in ``extract_batch``, the one worker function used in-process, by
``--jobs`` worker processes and on a Dask cluster. It returns small
``DocResult`` records, never spaCy objects. Cross-document resolution and
everything after it is a global step over those records.
"""

from __future__ import annotations

import contextlib
from collections import Counter
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path

from . import __version__
from .errors import KgError, NothingBuilt, OutputError
from .graph import build_graph
from .decode import ModelText, model_text
from .model import BuildInfo, Document, DocumentInfo, DocResult, Evidence, Relation
from .read import Skipped, read_sources

__all__ = [
    "BuildSummary",
    "CHUNK_CHARS",
    "extract_batch",
    "extract_documents",
    "split_text",
    "build",
]

#: Longer texts are processed in parts cut at paragraph (else line, sentence,
#: space) boundaries, so memory stays bounded and spaCy's max_length is never hit.
CHUNK_CHARS = 100_000
#: Documents sent to a worker at a time.
BATCH_DOCS = 16
HTML_NAME = "graph.html"


@dataclass
class BuildSummary:
    """What a build did; ``kg build`` prints it."""

    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    statements: int = 0
    edges: int = 0
    words: int = 0
    cached: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        skipped = ""
        if self.skipped:
            reasons = Counter(item.reason for item in self.skipped)
            why = ", ".join(f"{reason}: {n}" for reason, n in sorted(reasons.items()))
            skipped = f", {len(self.skipped)} skipped ({why})"
        cached = f" ({self.cached} from cache)" if self.cached else ""
        return (
            f"{self.documents} documents{cached}{skipped}, {self.entities} entities, "
            f"{self.edges} relations ({self.statements} statements) in {self.seconds:.1f} s"
        )


# --------------------------------------------------------------------------- per document


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, part)`` pieces of at most ``limit`` characters.

    >>> split_text("a b", 10)
    [(0, 'a b')]
    >>> [p for _, p in split_text("one. two. three.", 10)]
    ['one. ', 'two. ', 'three.']
    """
    parts, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep)
            if cut > limit // 4:
                cut += len(sep)
                break
        if cut <= limit // 4:
            cut = limit
        parts.append((start, text[start : start + cut]))
        start += cut
    parts.append((start, text[start:]))
    return parts


def _shift(result: DocResult, offset: int, index_base: int) -> DocResult:
    """Move a part's offsets and entity indices to their place in the whole document."""
    keys = {}
    entities = []
    for entity in result.entities:
        moved = replace(entity, index=entity.index + index_base)
        keys[entity.key] = moved.key
        entities.append(moved)
    relations = [replace(rel, subject=keys[rel.subject], object=keys[rel.object],
                         evidence=_moved(rel.evidence, lambda a, b: (a + offset, b + offset)))
                 for rel in result.relations]
    return replace(result, entities=tuple(entities), relations=tuple(relations))


def _moved(ev: Evidence, span: Callable[[int, int], tuple[int, int]], text: str | None = None) -> Evidence:
    """``ev`` with its sentence and trigger offsets passed through ``span``; given the document ``text``, the
    sentence and trigger are read again from it at the new offsets."""
    start, end = span(ev.start, ev.end)
    t_start, t_end = span(ev.trigger_start, ev.trigger_end)
    moved = replace(ev, start=start, end=end, trigger_start=t_start, trigger_end=t_end)
    return moved if text is None else replace(moved, sentence=text[start:end], trigger=text[t_start:t_end])


def _extract_doc(doc, document: Document) -> DocResult:
    """Mentions, within-document resolution and relations of one spaCy ``Doc``."""
    from .mentions import find_mentions
    from .relations import extract_relations
    from .resolve import resolve_document

    mentions, credits = find_mentions(doc, document.id)
    mentions, entities = resolve_document(doc, mentions)
    relations = extract_relations(doc, mentions, entities)
    info = document.info()
    if credits:
        info = replace(info, metadata=tuple(sorted(set(info.metadata) | set(credits))))
    words = sum(1 for t in doc if not (t.is_punct or t.is_space))
    return DocResult(document=info, entities=tuple(entities), relations=tuple(relations), words=words)


def _merge_parts(document: Document, parts: list[DocResult]) -> DocResult:
    if len(parts) == 1:
        return parts[0]
    metadata = set()
    for p in parts:
        metadata |= set(p.document.metadata)
    return DocResult(
        document=replace(document.info(), metadata=tuple(sorted(metadata))),
        entities=tuple(e for p in parts for e in p.entities),
        relations=tuple(r for p in parts for r in p.relations),
        words=sum(p.words for p in parts),
        warnings=(f"{document.id}: long text ({document.chars:,} characters) read in {len(parts)} parts",),
    )


def extract_batch(documents: Sequence[Document], model: str | None = None) -> list[DocResult]:
    """The worker function: per-document extraction of a batch, model loaded once per process."""
    from .nlp import load_model

    nlp = load_model(model)
    items = []
    views: dict[str, ModelText] = {}
    for document in documents:
        views[document.id] = view = model_text(document.text)  # "Harrah&#39;s" read as "Harrah's"
        for offset, part in split_text(view.text, CHUNK_CHARS):
            items.append((part, (document, offset)))
    results: list[DocResult] = []
    pending: list[DocResult] = []
    current: Document | None = None
    index_base = 0

    def finish(document: Document) -> None:
        results.append(_to_source(_merge_parts(document, pending), document.text, views[document.id]))

    for doc, (document, offset) in nlp.pipe(items, as_tuples=True, batch_size=32):
        if current is not None and document.id != current.id:
            finish(current)
            pending, index_base = [], 0
        current = document
        part = _extract_doc(doc, document)
        if offset or index_base:
            part = _shift(part, offset, index_base)
        index_base += len(part.entities)
        pending.append(part)
    if current is not None:
        finish(current)
    return results


def _to_source(result: DocResult, text: str, view: ModelText) -> DocResult:
    """Evidence offsets of the text the model read moved back into the document text as read, with the sentence
    and trigger taken from it verbatim."""
    if view.starts is None:
        return result
    return replace(result, relations=tuple(replace(rel, evidence=_moved(rel.evidence, view.span, text))
                                           for rel in result.relations))


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


def extract_documents(
    documents: Iterable[Document],
    model: str | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[DocResult]:
    """Run ``extract_batch`` over ``documents``: in-process, in ``jobs`` processes, or on Dask.

    Results come as they finish (not in input order). At most ``2 * jobs``
    batches are in flight, so memory does not grow with the corpus.
    """
    batches = _batches(documents, BATCH_DOCS)
    if scheduler:
        from .distributed import map_batches

        for results in map_batches(batches, model, scheduler, workers=jobs):
            yield from results
        return
    head = list(islice(batches, max(2, jobs)))
    if jobs <= 1 or len(head) < 2:
        for batch in head:
            yield from extract_batch(batch, model)
        for batch in batches:
            yield from extract_batch(batch, model)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        queue = iter(head + [None])  # None marks where the head ends
        in_flight = set()

        def submit_next() -> bool:
            batch = next(queue, None)
            if batch is None:
                batch = next(batches, None)
            if batch is None:
                return False
            in_flight.add(pool.submit(extract_batch, batch, model))
            return True

        for _ in range(2 * jobs):
            if not submit_next():
                break
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                in_flight.discard(future)
                yield from future.result()
                submit_next()


# --------------------------------------------------------------------------- whole build


def default_jobs() -> int:
    """The cores this process may use (affinity-aware), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _now() -> str:
    """UTC now, or ``$SOURCE_DATE_EPOCH`` when set, so that builds can be byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise KgError(f"SOURCE_DATE_EPOCH={epoch!r} is not a usable Unix time in seconds") from None
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _progress(enabled: bool):
    if not enabled:
        return contextlib.nullcontext(None)
    from tqdm import tqdm

    return tqdm(desc="extracting", unit="doc", file=sys.stderr, dynamic_ncols=True)


def _write_all(graph, out_dir: Path, *, formats, base, html: bool) -> list[Path]:
    """Write every output into a staging folder, then move them all into ``out_dir``.

    An error or interrupt while writing leaves the previous outputs untouched.
    """
    from .html import write_html
    from .rdf import FORMATS, write_outputs

    stage = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=out_dir))
    try:
        written = list(write_outputs(graph, stage, formats=formats, base=base))
        if html:
            written.append(write_html(graph, stage / HTML_NAME))
        final = []
        for path in written:
            target = out_dir / path.relative_to(stage)
            os.replace(path, target)
            final.append(target)
        # an output of an earlier build that this one did not write would describe other input
        for name in (*FORMATS.values(), HTML_NAME):
            stale = out_dir / name
            if stale not in final:
                stale.unlink(missing_ok=True)
        return final
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the outputs: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def build(
    sources: Sequence[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    model: str | None = None,
    jobs: int | None = None,
    formats: Sequence[str] = ("ttl",),
    base: str | None = None,
    aliases: str | os.PathLike | None = None,
    progress: bool | None = None,
    use_cache: bool = True,
    scheduler: str | None = None,
    store: str | os.PathLike | None = None,
    html: bool = True,
    warn: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build the graph of ``sources`` into ``out_dir``; return what was done.

    Unreadable documents are skipped (each reported through ``warn``);
    ``NothingBuilt`` is raised only when no document could be read.
    """
    from .cache import ExtractionCache
    from .lock import build_lock
    from .nlp import resolve_model_name
    from .resolve import resolve_corpus

    t0 = time.perf_counter()
    started = _now()
    warn = warn or (lambda message: print(f"Warning: {message}", file=sys.stderr))
    out_dir = Path(out_dir)
    jobs = jobs or default_jobs()
    if progress is None:
        progress = sys.stderr.isatty()
    model_name = resolve_model_name(model)
    summary = BuildSummary()
    # what can be checked before minutes of extraction is checked first
    if aliases is not None:
        from .names import load_aliases

        load_aliases(aliases)
    if store:
        from .store import check_target

        check_target(Path(store))

    with build_lock(out_dir):
        cache = ExtractionCache.open(out_dir, model_name) if use_cache else None
        results: list[DocResult] = []
        in_flight: dict[str, DocumentInfo] = {}  # documents sent for extraction, as read

        with _progress(progress) as bar:

            def say(message: str) -> None:
                if bar is None:
                    warn(message)
                else:  # keep the progress bar on its own line
                    with bar.external_write_mode():
                        warn(message)

            def fresh_documents() -> Iterator[Document]:
                for item in read_sources(sources):
                    if isinstance(item, Skipped):
                        summary.skipped.append(item)
                        say(f"skipped {item}")
                        continue
                    note = item.get("encoding-note")
                    if note:
                        say(f"{item.id}: {note}")
                    hit = cache.get(item) if cache else None
                    if hit is None:
                        in_flight[item.id] = item.info()
                        yield item
                        continue
                    summary.cached += 1
                    results.append(hit)
                    if bar is not None:
                        bar.update(1)

            try:
                for result in extract_documents(fresh_documents(), model_name, jobs, scheduler):
                    results.append(result)
                    as_read = in_flight.pop(result.document.id)
                    if cache:
                        cache.put(as_read, result)
                    if bar is not None:
                        bar.update(1)
            finally:
                if cache:
                    cache.close()
        if not results:
            reasons = "; ".join(str(s) for s in summary.skipped[:3]) or "no input files found"
            raise NothingBuilt(f"nothing to build from {', '.join(map(str, sources))}: {reasons}")
        results.sort(key=lambda r: r.document.id)
        for result in results:
            for message in result.warnings:
                summary.warnings.append(message)
                warn(message)

        entities, mapping = resolve_corpus(results, aliases)
        relations: list[Relation] = [
            rel.remap(mapping) for result in results for rel in result.relations
        ]
        from .cache import model_version

        info = BuildInfo(
            version=__version__,
            model=f"{model_name} {model_version(model_name)}".strip(),
            started=started,
            ended=_now(),
            sources=tuple(str(s) for s in sources),
        )
        graph = build_graph(entities, relations, [r.document for r in results], info)

        summary.outputs.extend(_write_all(graph, out_dir, formats=formats, base=base, html=html))
        if store:
            from .store import save_to_store

            save_to_store(graph, Path(store), base=base)

    summary.documents = len(results)
    summary.words = sum(r.words for r in results)
    summary.entities = graph.number_of_nodes()
    summary.edges = graph.number_of_edges()
    summary.statements = sum(len(d["relations"]) for _, _, d in graph.edges(data=True))
    summary.seconds = time.perf_counter() - t0
    return summary
