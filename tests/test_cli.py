"""The command line: --help everywhere, exit codes, one-line errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import ROOT, SEEDS

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"kg {command}" in readme, f"README.md does not show 'kg {command}'"


def test_bad_usage_exits_2():
    result = CliRunner().invoke(main, ["build", "--jobs", "0"])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2


def test_nothing_to_build_is_one_error_line_and_exit_1(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]


def test_unknown_model_names_how_to_install_one(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path), "--model", "no_such_model_xyz"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: spaCy model 'no_such_model_xyz' is not installed; install one with")


def test_query_on_a_missing_graph_is_one_error_line(tmp_path):
    result = CliRunner().invoke(main, ["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error:")


@pytest.mark.model
def test_build_skips_bad_files_names_them_and_still_builds(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text((SEEDS / "000_61cfb1e70bb17560.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "bad.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "empty.txt").write_text("")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "bad.pdf" in result.output and "empty.txt" in result.output
    assert "Built 1 documents" in result.output and "2 skipped (empty: 1, unsupported format: 1)" in result.output
    assert (out / "graph.ttl").stat().st_size > 0 and (out / "graph.html").stat().st_size > 0


@pytest.mark.model
def test_sigterm_during_a_build_keeps_the_previous_outputs(tmp_path, seeds_build):
    out = tmp_path / "out"
    out.mkdir()
    previous = (seeds_build / "graph.ttl").read_bytes()
    (out / "graph.ttl").write_bytes(previous)
    src = tmp_path / "many"
    src.mkdir()
    text = (SEEDS / "000_61cfb1e70bb17560.txt").read_text(encoding="utf-8")
    for i in range(300):
        (src / f"{i:03}.txt").write_text(text.replace("Paris", f"Paris {i}"), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(src), "--out", str(out), "--jobs", "1", "--no-cache"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    lock = out / ".kg-build.lock"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.1)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Interrupted" in err
    assert (out / "graph.ttl").read_bytes() == previous
    assert not [p.name for p in out.iterdir() if p.name.startswith(".kg-staging")]


def test_queries_named_in_the_docs_exist():
    import re

    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for name in re.findall(r"queries/([\w.-]+\.rq)", doc.read_text(encoding="utf-8")):
            assert (ROOT / "queries" / name).is_file(), f"{doc.name} names queries/{name}, which does not exist"


def test_a_multi_line_error_is_printed_on_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is { not turtle\n")
    result = CliRunner().invoke(main, ["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and result.output.count("\n") == 1


def test_an_unexpected_exception_is_one_error_line(monkeypatch, tmp_path):
    import kg.query

    def boom(*args, **kwargs):
        raise RuntimeError("something broke\nbadly")

    monkeypatch.delenv("KG_DEBUG", raising=False)
    monkeypatch.setattr(kg.query, "run_query", boom)
    result = CliRunner().invoke(main, ["query", "ASK {}", "--graph", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1
    assert result.output == "Error: internal error (RuntimeError: something broke badly); run again with KG_DEBUG=1 for the traceback\n"


def test_two_graph_sources_is_bad_usage(tmp_path):
    result = CliRunner().invoke(main, ["query", "ASK {}", "--graph", "a.ttl", "--endpoint", "http://127.0.0.1:9/q"])
    assert result.exit_code == 2


def test_an_unusable_source_date_epoch_is_one_error_line(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path), "-q", "--jobs", "1"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SOURCE_DATE_EPOCH=") and result.output.count("\n") == 1


def test_an_unreachable_endpoint_names_the_real_cause():
    result = CliRunner().invoke(main, ["query", "ASK {}", "--endpoint", "http://127.0.0.1:9/sparql"])
    assert result.exit_code == 1
    assert "Connection refused" in result.output and result.output.count("\n") == 1


def test_a_query_file_with_a_byte_order_mark_runs(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    rq = tmp_path / "q.rq"
    rq.write_bytes("\ufeffASK { ?s ?p ?o }\n".encode("utf-8"))
    result = CliRunner().invoke(main, ["query", str(rq), "--graph", str(graph)])
    assert result.exit_code == 0 and result.output == "yes\n"
