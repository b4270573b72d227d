"""Throughput of ``kg build`` end to end against bare spaCy, in one run.

    .venv/bin/python bench/throughput.py /path/to/bbc [--sets politics,all] [--jobs 1,2]

CORPUS is a folder of topic folders (BBC News 2004-05: business, entertainment,
politics, sport, tech; 2,225 articles).  Each set is measured in whole
processes, started fresh, so interpreter start-up and model loading count:

* ``spaCy``: ``spacy.load(MODEL)`` and ``nlp.pipe(texts, n_process=JOBS,
  batch_size=32)`` over the set's ``.txt`` files, every pipeline component
  enabled (the same model and batch size kg uses), nothing else.  spaCy's
  own default batch for this model is 1,000 texts, which leaves a second
  process idle on a set of 417 and holds gigabytes (``--batch-size 0``);
* ``kg``: ``python -m kg build SET --jobs JOBS --no-cache`` (reading,
  extraction, resolution, Turtle and HTML outputs); the run fails unless kg
  reports every document built.

A set is a topic folder's name, or ``all`` for every topic folder (files
lying at the top of CORPUS, such as README.TXT, are not articles and are left
out).  For each set and job count it prints wall seconds, the kg/spaCy time
ratio, input words (whitespace-separated) per second, and the peak memory of
the whole process tree (the sum of the resident set sizes of the process and
its children, sampled every 50 ms; forked children share pages, so this is
an upper bound).  ``--scheduler local`` adds a row for ``kg build
--scheduler local`` (Dask LocalCluster with one worker per core).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent

BARE_SPACY = r"""
import sys
from pathlib import Path

import spacy

model, n_process, batch_size, sources = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
texts = [
    p.read_text(encoding="utf-8", errors="replace")
    for source in sources
    for p in sorted(Path(source).rglob("*"))
    if p.is_file() and p.suffix.lower() == ".txt"
]
nlp = spacy.load(model)
tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size or None))
print(len(texts), tokens)
"""


@dataclass
class Run:
    set: str
    tool: str
    jobs: int | str
    documents: int
    words: int
    seconds: float
    peak_mb: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in family:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(cmd: list[str], log: Path) -> tuple[float, int]:
    """Wall seconds and peak tree RSS (bytes) of ``cmd``; raises when it fails."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TQDM_DISABLE="1")
    with open(log, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        process = psutil.Process(child.pid)
        peak = 0
        while child.poll() is None:
            peak = max(peak, tree_rss(process))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed ({child.returncode}): see {log}")
    return seconds, peak


def set_sources(corpus: Path, name: str) -> list[Path]:
    topics = sorted(p for p in corpus.iterdir() if p.is_dir())
    if name == "all":
        return topics or [corpus]
    folder = corpus / name
    if not folder.is_dir():
        choices = ", ".join(["all", *(t.name for t in topics)])
        raise SystemExit(f"{folder}: no such folder; sets are {choices}")
    return [folder]


def corpus_words(sources: list[Path]) -> tuple[int, int]:
    docs = words = 0
    for source in sources:
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.suffix.lower() == ".txt":
                docs += 1
                words += len(path.read_text(encoding="utf-8", errors="replace").split())
    return docs, words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of topic folders (e.g. the BBC corpus)")
    parser.add_argument("--sets", default="politics,all", help="comma-separated topic names or 'all'")
    parser.add_argument("--jobs", default="1,2", help="comma-separated process counts")
    parser.add_argument("--model", default=None, help="spaCy model (default: the one kg picks)")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="bare spaCy's nlp.pipe batch size (default 32, what kg uses; 0: spaCy's own default)")
    parser.add_argument("--scheduler", default=None, help="also time kg build --scheduler ADDRESS")
    parser.add_argument("--no-html", action="store_true", help="kg build --no-html")
    parser.add_argument("--json", type=Path, default=None, help="also write the runs as JSON here")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from kg.nlp import resolve_model_name

    model = resolve_model_name(args.model)
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    runs: list[Run] = []
    print(f"model {model}, {os.cpu_count()} cores, python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} (other processes compete for the cores)", flush=True)
    with tempfile.TemporaryDirectory(prefix="kg-throughput-") as tmp:
        tmp = Path(tmp)
        for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
            sources = set_sources(args.corpus, name)
            docs, words = corpus_words(sources)
            plans: list[tuple[str, int | str, list[str]]] = []
            for n in jobs:
                plans.append(("spaCy", n, [sys.executable, "-c", BARE_SPACY, model, str(n), str(args.batch_size),
                                           *map(str, sources)]))
                kg = [sys.executable, "-m", "kg", "build", *map(str, sources), "--out", str(tmp / f"{name}-{n}"),
                      "--jobs", str(n), "--no-cache", "--model", model]
                plans.append(("kg", n, kg + (["--no-html"] if args.no_html else [])))
            if args.scheduler:
                kg = [sys.executable, "-m", "kg", "build", *map(str, sources), "--out", str(tmp / f"{name}-dask"),
                      "--scheduler", args.scheduler, "--no-cache", "--model", model]
                plans.append(("kg", f"dask:{args.scheduler}", kg + (["--no-html"] if args.no_html else [])))
            for tool, n, cmd in plans:
                log = tmp / f"{name}-{tool}-{n}.log".replace(":", "_").replace("/", "_")
                seconds, peak = measure(cmd, log)
                if tool == "kg":
                    built = re.search(r"Built (\d+) documents", log.read_text(errors="replace"))
                    if not built or int(built.group(1)) != docs:
                        raise SystemExit(f"kg built {built and built.group(1)} of {docs} documents: see {log}")
                run = Run(name, tool, n, docs, words, round(seconds, 2), round(peak / 2**20, 1))
                runs.append(run)
                print(f"  {name:<10} {tool:<6} jobs={n!s:<6} {seconds:8.1f} s  "
                      f"{run.words_per_second:8.0f} words/s  peak {run.peak_mb:7.0f} MB", flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    print(table(runs))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"words_per_second": round(r.words_per_second)}
                                         for r in runs], indent=1) + "\n")
    return 0


def table(runs: list[Run]) -> str:
    """One line per (set, jobs): spaCy and kg side by side, with the time ratio."""

    def cell(value, fmt: str, width: int) -> str:
        return format(value, fmt).rjust(width) if value is not None else "-".rjust(width)

    lines = [
        f"{'set':<10} {'docs':>5} {'words':>8} {'jobs':>12} {'spaCy s':>8} {'kg s':>8} {'kg/spaCy':>8} "
        f"{'spaCy w/s':>9} {'kg w/s':>7} {'spaCy MB':>8} {'kg MB':>7}"
    ]
    bare = {(r.set, r.jobs): r for r in runs if r.tool == "spaCy"}
    for r in runs:
        if r.tool != "kg":
            continue
        s = bare.get((r.set, r.jobs))
        lines.append(" ".join([
            f"{r.set:<10} {r.documents:>5} {r.words:>8} {r.jobs!s:>12}",
            cell(s and s.seconds, ".1f", 8),
            cell(r.seconds, ".1f", 8),
            cell(s and r.seconds / s.seconds, ".2f", 8),
            cell(s and s.words_per_second, ".0f", 9),
            cell(r.words_per_second, ".0f", 7),
            cell(s and s.peak_mb, ".0f", 8),
            cell(r.peak_mb, ".0f", 7),
        ]))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
