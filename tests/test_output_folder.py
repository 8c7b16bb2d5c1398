"""What the build, render and bench may replace, and the output swap under failures, kills and concurrency.

Each window of the swap is tested by making it fail there: in this process by a failing
os.replace or rmdir, and in a child process killed with SIGKILL at the chosen call (the hook
is monkeypatched into the child by the script below, not built into the project).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import FactionGraphError
from graph.build.output import locked, recover, write_atomically
from graph.pipeline import run_build
from graph.views.render import render_view
from support import DATA, ROOT

MINI = DATA / "mini"
OLD = {"graph.nt": b"old graph\n", "sub/part.txt": b"old part\n"}
NEW = {"graph.nt": b"new graph\n", "sub/part.txt": b"new part\n", "sub/more.txt": b"more\n"}


def contents(folder: Path) -> dict[str, bytes]:
    """Every regular file under folder (the stamp left out) by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".factiongraph-output"}


def siblings(out: Path) -> list[str]:
    """What the swap may leave beside out: .out.new-*, .out.old-*, .out.lock."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


# ---- which folder the build may replace ---------------------------------------------------------

def test_the_build_never_replaces_the_corpus_or_a_folder_inside_it(mini_corpus):
    before = contents(mini_corpus)
    for out in (mini_corpus, mini_corpus / "note", mini_corpus / "new-output"):
        with pytest.raises(FactionGraphError, match="corpus folder"):
            run_build(mini_corpus, out)
    assert contents(mini_corpus) == before


def test_the_build_never_replaces_the_working_folder_a_parent_of_it_or_home(tmp_path, monkeypatch):
    work = tmp_path / "home" / "project"
    (work / ".git").mkdir(parents=True)
    (work / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for out, why in ((".", "is the working folder"), ("..", "is your home folder"),
                     (tmp_path, "holds your home folder"), ("/", "is the root folder")):
        with pytest.raises(FactionGraphError, match=why):
            run_build(MINI, out)
    assert (work / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(FactionGraphError, match="is your home folder"):
        run_build(MINI, tmp_path / "home")


def test_the_build_replaces_only_a_folder_it_wrote(tmp_path):
    theirs = tmp_path / "thesis"
    theirs.mkdir()
    (theirs / "chapter-1.md").write_text("my work\n")
    with pytest.raises(FactionGraphError) as caught:
        run_build(MINI, theirs)
    assert "was not written by `factiongraph build`" in str(caught.value) and "hint:" in str(caught.value)
    assert contents(theirs) == {"chapter-1.md": b"my work\n"}
    a_file = tmp_path / "notes.txt"
    a_file.write_text("notes\n")
    with pytest.raises(FactionGraphError, match="is a file, not a folder"):
        run_build(MINI, a_file)
    assert a_file.read_text() == "notes\n"


def test_an_empty_folder_is_built_into_and_stamped_with_the_project_and_version(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    run_build(MINI, out)
    stamp = (out / ".factiongraph-output").read_text(encoding="utf-8")
    assert stamp.startswith(f"factiongraph {metadata.version('factiongraph')}\n")
    run_build(MINI, out)
    assert (out / "graph.nt").stat().st_size > 0


def test_the_cli_refuses_the_working_folder_with_a_hint_and_no_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("keep\n")
    result = CliRunner().invoke(main, ["build", "--corpus", str(MINI), "--out", "."])
    assert result.exit_code == 1 and "is the working folder" in result.output and "hint:" in result.output
    assert "Traceback" not in result.output and (tmp_path / "keep.txt").read_text() == "keep\n"


# ---- the swap: failures in this process ----------------------------------------------------------

@pytest.fixture
def out(tmp_path):
    """An output folder holding OLD, written by the swap under test."""
    folder = tmp_path / "output"
    write_atomically(folder, OLD)
    return folder


def failing_at(real, call: int):
    """real, except that its call-th call raises OSError."""
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise OSError(5, "injected failure", str(args[0]))
        return real(*args, **kwargs)
    return wrapper


@pytest.mark.parametrize("call", [1, 2], ids=["first rename fails", "second rename fails"])
def test_a_failed_rename_puts_the_old_output_back(out, monkeypatch, call):
    monkeypatch.setattr(os, "replace", failing_at(os.replace, call))
    with pytest.raises(FactionGraphError, match="injected failure"):
        write_atomically(out, NEW)
    monkeypatch.undo()
    assert contents(out) == OLD and siblings(out) == []


def test_a_failed_write_leaves_the_old_output_and_no_staging_folder(out):
    with pytest.raises(FactionGraphError, match="cannot write the output"):
        write_atomically(out, {"graph.nt": b"x", "graph.nt/inside": b"a file cannot hold a file"})
    assert contents(out) == OLD and siblings(out) == []


def test_a_build_writes_each_file_as_made_and_a_late_failure_leaves_the_old_output(out, monkeypatch):
    seen = []

    def last_stage_fails(corpus):
        staging = [p for p in out.parent.iterdir() if p.name.startswith(".output.new-")]
        seen.extend(sorted(p.name for p in staging[0].iterdir()))
        raise FactionGraphError([])

    monkeypatch.setattr("graph.pipeline.render_web_annotations", last_stage_fails)
    with pytest.raises(FactionGraphError):
        run_build(MINI, out)
    assert {"graph.nt", "graph.ttl", "analysis.md", "graph.html", "build-report.json"} <= set(seen)
    assert contents(out) == OLD and siblings(out) == []


def test_a_failed_removal_of_the_old_output_keeps_the_new_and_the_next_run_cleans_up(out, monkeypatch):
    monkeypatch.setattr(os, "rmdir", failing_at(os.rmdir, 1))
    write_atomically(out, NEW)
    monkeypatch.undo()
    assert contents(out) == NEW and [name.split("-")[0] for name in siblings(out)] == [".output.old"]
    write_atomically(out, OLD)
    assert contents(out) == OLD and siblings(out) == []


# ---- the swap: a child killed with SIGKILL in each window -----------------------------------------

KILLED_AT = textwrap.dedent("""
    import os, pathlib, shutil, signal, sys
    from graph.build.output import write_atomically

    window, out, files = sys.argv[1], pathlib.Path(sys.argv[2]), {k: v.encode() for k, v in eval(sys.argv[3]).items()}
    calls = {}

    def kill_on(owner, name, call, after=False):
        real = getattr(owner, name)
        def hooked(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            if calls[name] == call and not after:
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args, **kwargs)
            if calls[name] == call:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        setattr(owner, name, hooked)

    {"writing": lambda: kill_on(pathlib.Path, "write_bytes", 3),
     "before the first rename": lambda: kill_on(os, "replace", 1),
     "between the renames": lambda: kill_on(os, "replace", 2),
     "after the second rename": lambda: kill_on(os, "replace", 2, after=True),
     "removing the old output": lambda: kill_on(shutil, "rmtree", 1, after=True)}[window]()
    write_atomically(out, files)
""")


@pytest.mark.parametrize("window, survivor", [
    ("writing", OLD), ("before the first rename", OLD), ("between the renames", OLD),
    ("after the second rename", NEW), ("removing the old output", NEW)])
def test_a_build_killed_in_any_window_is_put_right_by_the_next_run(out, window, survivor):
    files = {name: data.decode() for name, data in NEW.items()}
    child = subprocess.run([sys.executable, "-c", KILLED_AT, window, str(out), repr(files)], cwd=ROOT)
    assert child.returncode == -signal.SIGKILL
    assert siblings(out), "the kill left nothing behind, so it hit no window"
    with locked(out):
        recover(out)
    assert contents(out) == survivor
    write_atomically(out, {"graph.nt": b"next build\n"})
    assert contents(out) == {"graph.nt": b"next build\n"} and siblings(out) == []


def test_an_empty_output_stranded_by_a_kill_between_the_renames_is_restored(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    child = subprocess.run([sys.executable, "-c", KILLED_AT, "between the renames", str(out), repr({"a": "b"})],
                           cwd=ROOT)
    assert child.returncode == -signal.SIGKILL and not out.exists()
    write_atomically(out, NEW)
    assert contents(out) == NEW and siblings(out) == []


def test_recovery_leaves_folders_it_did_not_make_alone(out):
    foreign = [out.parent / ".output.new-mine", out.parent / ".output.old-mine" / "output"]
    for folder in foreign:
        folder.mkdir(parents=True)
        (folder / "data.txt").write_text("not the build's\n")
    write_atomically(out, NEW)
    assert all((folder / "data.txt").read_text() == "not the build's\n" for folder in foreign)


# ---- the swap: concurrency -----------------------------------------------------------------------

def test_a_second_build_waits_for_the_first_to_finish_writing(out):
    with locked(out):
        second = threading.Thread(target=write_atomically, args=(out, NEW))
        second.start()
        second.join(timeout=0.5)
        assert second.is_alive() and contents(out) == OLD
    second.join(timeout=30)
    assert not second.is_alive() and contents(out) == NEW and siblings(out) == []


RACING = textwrap.dedent("""
    import pathlib, sys
    from graph.build.output import write_atomically
    for round in range(50):
        write_atomically(pathlib.Path(sys.argv[1]), {f"part-{i}.txt": sys.argv[2].encode() * 500 for i in range(20)})
""")


def test_builds_racing_on_one_folder_all_succeed_and_leave_one_whole_output(out):
    racers = [subprocess.Popen([sys.executable, "-c", RACING, str(out), name], cwd=ROOT, stderr=subprocess.PIPE)
              for name in "ABC"]
    errors = [racer.communicate(timeout=120)[1].decode() for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0, 0], errors
    written = set(contents(out).values())
    assert len(written) == 1 and written.pop() in {name.encode() * 500 for name in "ABC"}
    assert len(contents(out)) == 20 and siblings(out) == []


# ---- views survive a rebuild; render writes only where it may -------------------------------------

@pytest.fixture
def built(tmp_path):
    out = tmp_path / "output"
    run_build(MINI, out)
    return out


def render(built, *args):
    return CliRunner().invoke(main, ["render", "--build", str(built), "--corpus", str(MINI), *args])


def test_a_view_render_wrote_survives_a_rebuild(built):
    result = render(built, "--focus", "Guardian Council")
    assert result.exit_code == 0, result.output
    view = built / "views" / "graph-guardian-council-depth-1.html"
    assert f"wrote {view}" in result.output and f"wrote {built / 'views' / 'text.html'}" in result.output
    pages = contents(built / "views")
    run_build(MINI, built)
    assert contents(built / "views") == pages and set(pages) == {view.name, "text.html"}


def test_a_view_written_while_a_build_swaps_the_folder_waits_and_survives(built):
    view = built / "views" / "graph.html"
    with locked(built):
        rendering = threading.Thread(target=render_view, args=(built, MINI))
        rendering.start()
        rendering.join(timeout=8)
        assert rendering.is_alive() and not view.exists()
    rendering.join(timeout=30)
    assert not rendering.is_alive() and view.exists()
    run_build(MINI, built)
    assert view.exists()


def test_render_refuses_a_target_that_is_not_an_html_name(built):
    graph = (built / "graph.nt").read_bytes()
    result = render(built, "--out", str(built / "graph.nt"), "--force")
    assert result.exit_code == 1 and "does not end in .html" in result.output
    assert (built / "graph.nt").read_bytes() == graph


def test_render_refuses_links_and_special_files_even_with_force(built, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "link.html").symlink_to(victim)
    os.mkfifo(tmp_path / "pipe.html")
    for target, kind in (("link.html", "a link"), ("pipe.html", "not a regular file")):
        result = render(built, "--out", str(tmp_path / target), "--force")
        assert result.exit_code == 1 and f"this is {kind}" in result.output, result.output
    assert victim.read_text() == "precious\n" and (tmp_path / "link.html").is_symlink()


def test_render_replaces_a_file_it_did_not_write_only_with_force(built, tmp_path):
    mine = tmp_path / "mine.html"
    mine.write_text("<p>my page</p>\n")
    refused = render(built, "--out", str(mine))
    assert refused.exit_code == 1 and "factiongraph did not write it" in refused.output and "--force" in refused.output
    assert mine.read_text() == "<p>my page</p>\n" and not (tmp_path / "text.html").exists()
    forced = render(built, "--out", str(mine), "--force")
    assert forced.exit_code == 0, forced.output
    again = render(built, "--out", str(mine))
    assert again.exit_code == 0, again.output


def test_render_refuses_to_replace_a_text_html_it_did_not_write(built, tmp_path):
    (tmp_path / "text.html").write_text("my notes\n")
    result = render(built, "--out", str(tmp_path / "view.html"))
    assert result.exit_code == 1 and f"{tmp_path / 'text.html'}: the file exists" in result.output
    assert (tmp_path / "text.html").read_text() == "my notes\n" and not (tmp_path / "view.html").exists()
    named = render(built, "--out", str(tmp_path / "other" / "text.html"))
    assert named.exit_code == 1 and "text.html is the text page" in named.output


def test_render_writes_through_no_planted_temporary_link(built, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / ".view.html.new").symlink_to(victim)
    result = render(built, "--out", str(tmp_path / "view.html"))
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious\n"


def test_an_empty_focus_is_an_error_not_the_whole_graph(built):
    page = (built / "graph.html").read_bytes()
    result = render(built, "--focus", "")
    assert result.exit_code == 1 and "--focus: the name is empty" in result.output
    assert (built / "graph.html").read_bytes() == page and not (built / "views").exists()


# ---- bench --quick never replaces the full report -------------------------------------------------

def test_bench_quick_writes_beside_the_full_report_and_replaces_only_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = {name: (ROOT / name).read_bytes() for name in ("BENCHMARKS.md", "BENCHMARKS.json")}
    for name, data in full.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "BENCHMARKS-quick.md").write_text("my notes\n")
    result = CliRunner().invoke(main, ["bench", "--quick"])
    assert result.exit_code == 1 and "BENCHMARKS-quick.md: the file exists and is not a report" in result.output
    assert (tmp_path / "BENCHMARKS-quick.md").read_text() == "my notes\n"
    assert {name: (tmp_path / name).read_bytes() for name in full} == full
    (tmp_path / "notes.json").write_text(json.dumps({"mine": True}))
    for out, why in (("notes.md", "notes.json: the file exists"), ("report.json", "does not end in .md")):
        refused = CliRunner().invoke(main, ["bench", "--quick", "--out", out])
        assert refused.exit_code == 1 and why in refused.output, refused.output
    assert json.loads((tmp_path / "notes.json").read_text()) == {"mine": True}
