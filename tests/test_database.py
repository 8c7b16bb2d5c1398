"""The on-disk database of a built graph (graph.access.database), on real RocksDB stores: made once, reused,
remade when the graph changes or the database is damaged, never written into the build, safe when
two commands open it at once, and in memory where the cache cannot be written."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.access.query
from graph.cli import main
from graph.access.database import CACHE_ENV, MARKER, open_database, stores_folder
from graph.errors import FactionGraphError

LEADS = "SELECT ?who WHERE { ?who <http://example.org/leads> ?party } ORDER BY ?who"


def write_graph(path: Path, people: int, party: str = "p") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"<http://example.org/a{i}> <http://example.org/leads> <http://example.org/{party}> .\n"
                            for i in range(people)), encoding="utf-8")
    return path


def leaders(database) -> list[str]:
    return [row["who"].value for row in database.store.query(LEADS)]


def databases() -> list[str]:
    """The databases in the cache (not their lock files, the digest memo or leftovers)."""
    return sorted(p.name for p in stores_folder().iterdir() if p.is_dir() and p.name != "files")


def location_of(graph_file: Path) -> Path:
    return stores_folder() / (hashlib.sha256(graph_file.read_bytes()).hexdigest() + "-" + graph_file.suffix[1:])


def everything_in(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """A cache of each test's own (the commands' lru_cache of open databases is emptied around it)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    graph.access.query._cached_database.cache_clear()
    yield folder
    graph.access.query._cached_database.cache_clear()


def test_the_database_is_made_on_first_open_and_reused_after(tmp_path):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 5)
    first = open_database(graph_file)
    assert first.made and first.location == location_of(graph_file) and (first.location / MARKER).is_file()
    answers = leaders(first)
    assert len(answers) == 5
    first.close()
    second = open_database(graph_file)
    assert not second.made and second.location == first.location and leaders(second) == answers
    second.close()
    assert databases() == [first.location.name]


def test_nothing_is_written_into_the_build_folder(tmp_path):
    build = write_graph(tmp_path / "build" / "graph.nt", 5).parent
    before = everything_in(build)
    open_database(build / "graph.nt").close()
    open_database(build / "graph.nt").close()
    assert everything_in(build) == before


def test_a_graph_rebuilt_with_other_content_gets_a_new_database_and_the_old_one_goes(tmp_path):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 5)
    old = open_database(graph_file)
    old.close()
    write_graph(graph_file, 7)
    new = open_database(graph_file)
    assert new.made and new.location != old.location and len(leaders(new)) == 7
    assert databases() == [new.location.name] and not old.location.with_name(old.location.name + ".lock").exists()


def test_a_database_in_use_is_not_removed_when_its_graph_is_rebuilt(tmp_path):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 5)
    old = open_database(graph_file)  # held open, as by a running `serve`
    write_graph(graph_file, 7)
    new = open_database(graph_file)
    assert sorted(databases()) == sorted([old.location.name, new.location.name]) and len(leaders(old)) == 5
    old.close()
    new.close()
    write_graph(graph_file, 9)
    open_database(graph_file).close()  # the next one made removes both, now that nobody uses them
    assert databases() == [location_of(graph_file).name]


def test_a_graph_rewritten_with_the_same_bytes_reuses_its_database(tmp_path):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 5)
    first = open_database(graph_file)
    first.close()
    os.utime(graph_file, (1, 1))  # an older write, so its digest is remembered from here on
    open_database(graph_file).close()
    graph_file.unlink()
    write_graph(graph_file, 5)  # a new file (new inode, new times), same content
    again = open_database(graph_file)
    assert not again.made and again.location == first.location and len(leaders(again)) == 5
    again.close()
    other = write_graph(tmp_path / "other" / "graph.nt", 3)
    open_database(other).close()  # making another database keeps the one whose graph has the same bytes
    assert first.location.name in databases()


def test_an_unwritable_cache_falls_back_to_memory_with_the_same_answers(tmp_path, monkeypatch):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 5)
    on_disk = open_database(graph_file)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache would go\n")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    in_memory = open_database(graph_file)
    assert in_memory.location is None and not in_memory.made and leaders(in_memory) == leaders(on_disk)
    assert blocked.read_text() == "a file where the cache would go\n"


@pytest.mark.parametrize("damage", ["delete CURRENT", "truncate MANIFEST", "truncate sst"])
def test_a_damaged_database_is_made_again(tmp_path, damage):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 2000)
    first = open_database(graph_file)
    answers = leaders(first)
    first.close()
    del first
    how, name = damage.split()
    victim = next(p for p in sorted(location_of(graph_file).iterdir()) if p.name.startswith(name)
                  or p.suffix == f".{name}")
    if how == "delete":
        victim.unlink()
    else:
        with open(victim, "r+b") as handle:
            handle.truncate(10)
    again = open_database(graph_file)
    assert again.made and leaders(again) == answers


def test_a_damaged_database_in_use_is_not_removed(tmp_path):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 5)
    user = open_database(graph_file)
    (user.location / "CURRENT").unlink()
    with pytest.raises(FactionGraphError, match="damaged, and another command"):
        open_database(graph_file)
    assert user.location.is_dir() and len(leaders(user)) == 5


def test_leftovers_of_dead_runs_are_removed_and_a_live_runs_are_not(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(ended.stdout)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stores_folder().mkdir(parents=True)
        dead_one = stores_folder() / f".new-{dead}-abc"
        live_one = stores_folder() / f".new-{alive.pid}-abc"
        for folder in (dead_one, live_one):
            folder.mkdir()
            (folder / "CURRENT").write_text("half made\n")
        open_database(write_graph(tmp_path / "build" / "graph.nt", 5)).close()
        assert not dead_one.exists() and (live_one / "CURRENT").is_file()
    finally:
        alive.kill()
        alive.wait()


def test_a_folder_in_the_cache_that_is_not_ours_is_refused_and_kept(tmp_path):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 5)
    someone_elses = location_of(graph_file)
    someone_elses.mkdir(parents=True)
    (someone_elses / "notes.txt").write_text("mine\n")
    with pytest.raises(FactionGraphError) as refused:
        open_database(graph_file)
    assert str(someone_elses) in str(refused.value) and f"no valid {MARKER}" in str(refused.value)
    assert "hint: delete or move the folder" in str(refused.value)
    assert (someone_elses / "notes.txt").read_text() == "mine\n"
    other = write_graph(tmp_path / "other" / "graph.nt", 3)
    open_database(other).close()  # making another database leaves it alone too
    assert (someone_elses / "notes.txt").read_text() == "mine\n"


def waiting_for(lock_path: Path) -> int:
    """How many processes wait for a lock on the file (from /proc/locks)."""
    inode = f":{lock_path.stat().st_ino} "
    return sum(1 for line in Path("/proc/locks").read_text().splitlines() if "->" in line and inode in line)


def wait_until(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


OPEN_AND_SAY = """
import sys
from graph.access.database import open_database
database = open_database(sys.argv[1])
print(database.made, database.location, len(list(database.store.query("SELECT * WHERE { ?s ?p ?o }"))))
"""


def test_two_processes_opening_at_once_make_it_once(tmp_path):
    graph_file = write_graph(tmp_path / "build" / "graph.nt", 20000)
    lock_path = location_of(graph_file).with_name(location_of(graph_file).name + ".lock")
    lock_path.parent.mkdir(parents=True)
    with open(lock_path, "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # both wait at the lock, then race to make it
        starts = [subprocess.Popen([sys.executable, "-c", OPEN_AND_SAY, str(graph_file)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=os.environ | {
                                       "PYTHONPATH": os.pathsep.join(sys.path)}) for _ in range(2)]
        assert wait_until(lambda: waiting_for(lock_path) == 2)
        fcntl.flock(held, fcntl.LOCK_UN)
    said = []
    for process in starts:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        said.append(out.split())
    assert sorted(made for made, _, _ in said) == ["False", "True"]
    assert {(location, count) for _, location, count in said} == {(str(location_of(graph_file)), "20000")}
    assert databases() == [location_of(graph_file).name]
    assert [p.name for p in stores_folder().iterdir() if p.name.startswith(".")] == []


# --- The commands on a build -------------------------------------------------------------------------

QUERY = "SELECT ?who ?party WHERE { ?who fg:leads ?party } ORDER BY ?who ?party"


def answers(build: Path) -> list[str]:
    runner = CliRunner()
    graph.access.query._cached_database.cache_clear()
    found = [runner.invoke(main, ["query", QUERY, "--build", str(build)]),
             runner.invoke(main, ["cite", "Behzad Nabavi", "--build", str(build)])]
    assert [result.exit_code for result in found] == [0, 0], [result.output for result in found]
    return [result.output for result in found]


def test_query_and_cite_answer_the_same_from_the_database_as_from_memory(built, tmp_path, monkeypatch):
    from_database = answers(built)
    assert databases() == [location_of(built / "graph.nq").name]
    assert answers(built) == from_database  # the second time, from the same database
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    assert answers(built) == from_database  # in memory, as before there was a database
    assert "fgd:behzad-nabavi" in from_database[0] and "Behzad Nabavi" in from_database[1]


def test_a_build_with_only_graph_nt_is_read_from_it(built, tmp_path):
    only_nt = tmp_path / "only-nt"
    only_nt.mkdir()
    shutil.copy(built / "graph.nt", only_nt / "graph.nt")
    assert answers(only_nt) == answers(built)
    assert location_of(only_nt / "graph.nt").name in databases()


@pytest.mark.parametrize("command", [["query", QUERY], ["cite", "Nabavi"], ["rank"], ["serve", "--port", "0"],
                                     ["site", "--out"], ["render", "--out"]])
def test_a_missing_build_gives_the_one_build_first_error(tmp_path, command):
    nowhere = tmp_path / "nowhere"
    if command[-1] == "--out":
        command = [*command, str(tmp_path / "written" / "page.html")]
    result = CliRunner().invoke(main, [*command, "--build", str(nowhere)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert not (tmp_path / "written").exists() and not nowhere.exists()
    assert result.output == (f"error: 1 problem found:\n  {nowhere / 'graph.nq'}: there is no built graph here\n"
                             "    hint: run `factiongraph build` first, or give --build the folder it wrote\n")


def test_a_graph_that_is_not_rdf_is_a_clear_error_and_leaves_nothing(tmp_path):
    broken = tmp_path / "build" / "graph.nt"
    broken.parent.mkdir()
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n")
    with pytest.raises(FactionGraphError, match="cannot read the graph") as refused:
        open_database(broken)
    assert "hint: rebuild it with `factiongraph build`" in str(refused.value)
    assert databases() == [] and [p.name for p in stores_folder().iterdir() if p.name.startswith(".")] == []
