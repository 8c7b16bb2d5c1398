"""The built graph as an on-disk Oxigraph database: made once per graph file, then opened read-only.

Parsing graph.nq again for every `cite`, `query` or `rank` takes seconds and hundreds of MB at a
million triples; opening a RocksDB database made from it takes a fraction of a second. The
database is made on first use (Oxigraph's bulk loader, then `optimize`) in a cache folder, never in
the build's output: RocksDB's files differ from run to run, and output/ must be the same bytes for
the same input. It is named by the sha256 of the graph file's content, so a rebuild that changes the
graph gets a database of its own and a stale one is never read; the digest of a file already seen is
remembered by the file's identity (device, inode, size, mtime, ctime), so opening does not hash
300 MB each time.

Race-safe: a database is made in a temporary folder beside it and renamed into place once it is
complete (a killed run leaves only that temporary folder, removed by a later run), under an exclusive
`flock` on its lock file, so two first uses make it once; readers hold a shared lock while they use
it, and a database is only ever removed (a damaged one, or one whose graph file was rebuilt or
deleted) under an exclusive lock nobody else holds. Where the cache folder cannot be written, the
graph is loaded into memory as before.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from .errors import FactionGraphError, Problem

CACHE_ENV = "FACTIONGRAPH_CACHE"
MARKER = "factiongraph-store.json"
MARKER_FORMAT = 1
RACY_SECONDS = 2.0
NEW_PREFIX = ".new-"
OLD_PREFIX = ".old-"
LEFTOVER = re.compile(r"\.(?:new|old)-(\d+)-")
BUILD_FIRST = "run `factiongraph build` first, or give --build the folder it wrote"


@dataclass(frozen=True)
class Database:
    """An open store of a graph file: on disk (location) and read-only, or in memory (location None).

    made says whether this call made the database (False: an existing one was opened). While the
    Database is alive it holds a shared lock that keeps the database from being removed.
    """

    graph: Path
    store: ox.Store
    location: Path | None = None
    made: bool = False
    lock: object = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        """Give up the shared lock (the store itself closes when the last reference to it goes)."""
        if self.lock is not None:
            self.lock.close()


def built_graph(build_dir: Path | str, name: str = "graph.nq") -> Path:
    """A graph file a build wrote (graph.nq, or graph.nt), or the one error that says to build first."""
    path = Path(build_dir) / name
    if not path.is_file():
        raise FactionGraphError(Problem(path, "there is no built graph here", BUILD_FIRST))
    return path


def cache_folder() -> Path:
    """Where the databases live: $FACTIONGRAPH_CACHE, else $XDG_CACHE_HOME/factiongraph, else ~/.cache/factiongraph."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "factiongraph"


def stores_folder() -> Path:
    """The databases of this Oxigraph version (another version may not read them)."""
    return cache_folder() / f"oxigraph-{ox.__version__}"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a graph file, from its extension (nt, nq, ttl, trig, ...)."""
    found = ox.RdfFormat.from_extension(Path(path).suffix.lstrip("."))
    if found is None:
        raise FactionGraphError(Problem(path, "not a graph file factiongraph can read (unknown extension)",
                                        "give an N-Triples, N-Quads, Turtle or TriG file (.nt, .nq, .ttl, .trig)"))
    return found


def load_in_memory(graph: Path) -> ox.Store:
    """A fresh in-memory Oxigraph store holding the graph file (the way every command read it before)."""
    store = ox.Store()
    store.bulk_load(path=str(graph), format=rdf_format(graph))
    return store


def open_database(graph: Path | str) -> Database:
    """The graph file as a read-only on-disk store, made on first use; in memory if the cache cannot be written.

    A file that is not there gets the one "build first" error; a file that is no valid RDF the
    parser's own message.
    """
    graph = Path(graph)
    fmt = rdf_format(graph)
    try:
        identity = _identity(graph)
    except FileNotFoundError as err:
        raise FactionGraphError(Problem(graph, "there is no built graph here", BUILD_FIRST)) from err
    except OSError as err:
        raise FactionGraphError(Problem(graph, f"cannot read the graph: {err.strerror or err}", BUILD_FIRST)) from err
    root = stores_folder()
    try:
        root.mkdir(parents=True, exist_ok=True)
        digest = graph_digest(graph, root, identity)
        lock = _lock(root / f"{digest}-{fmt.file_extension}.lock")
    except FileNotFoundError as err:
        raise FactionGraphError(Problem(graph, "there is no built graph here", BUILD_FIRST)) from err
    except OSError:
        return Database(graph, _parsed(graph))
    location = root / f"{digest}-{fmt.file_extension}"
    try:
        return _open_or_make(graph, fmt, digest, location, lock)
    except BaseException:
        lock.close()
        raise


def _open_or_make(graph: Path, fmt: ox.RdfFormat, digest: str, location: Path, lock) -> Database:
    store = _open_finished(location, digest)
    if store is not None and store is not DAMAGED:
        return Database(graph, store, location, False, lock)
    if store is DAMAGED:
        _remove_damaged(location, lock)
    fcntl.flock(lock, fcntl.LOCK_UN)
    fcntl.flock(lock, fcntl.LOCK_EX)  # one maker; the others wait here, then find it made
    made = False
    try:
        store = _open_finished(location, digest)
        if store is DAMAGED:
            raise FactionGraphError(_damaged_problem(location))
        if store is None:
            try:
                _make(graph, fmt, digest, location)
            except OSError:  # no room, or the folder cannot be written: answer from memory
                return Database(graph, _parsed(graph))
            made = True
            store = _open_finished(location, digest)
            if store is None or store is DAMAGED:
                raise FactionGraphError(_damaged_problem(location))
    finally:
        fcntl.flock(lock, fcntl.LOCK_SH)
    if made:
        remove_stale_databases(location.parent, keep=location)
    return Database(graph, store, location, made, lock)


DAMAGED = object()


def _open_finished(location: Path, digest: str):
    """The store at location, None if there is none, DAMAGED if ours but unreadable; refuse a folder not ours."""
    if not os.path.lexists(location):
        return None
    marker = _read_marker(location)
    if marker is None or marker.get("sha256") != digest:
        raise FactionGraphError(Problem(location, f"this folder is not a database factiongraph finished (no valid "
                                                  f"{MARKER} in it)",
                                        "delete the folder; the next command makes the database again from the "
                                        "graph file"))
    try:
        return ox.Store.read_only(str(location))
    except (OSError, RuntimeError):  # RocksDB reports a missing or truncated file as RuntimeError
        return DAMAGED


def _damaged_problem(location: Path) -> Problem:
    return Problem(location, "the database made from the graph cannot be read (damaged) and another command is "
                             "using it", "stop the other command (a `factiongraph serve`?) and try again, or delete "
                                         "the folder")


def _remove_damaged(location: Path, lock) -> None:
    """Remove a damaged database of ours, if no other command holds it; otherwise say so."""
    fcntl.flock(lock, fcntl.LOCK_UN)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as err:
        raise FactionGraphError(_damaged_problem(location)) from err
    try:
        _remove(location)
    finally:
        fcntl.flock(lock, fcntl.LOCK_SH)


def _make(graph: Path, fmt: ox.RdfFormat, digest: str, location: Path) -> None:
    """Bulk-load the graph into a new database beside location, optimize it, mark it finished, rename it in."""
    remove_leftovers(location.parent)
    work = Path(tempfile.mkdtemp(prefix=f"{NEW_PREFIX}{os.getpid()}-", dir=location.parent))
    try:
        quads = _load(graph, fmt, work)
        marker = {"format": MARKER_FORMAT, "sha256": digest, "graph": str(graph.resolve()),
                  "identity": list(_identity(graph)), "rdf_format": fmt.file_extension, "quads": quads,
                  "oxigraph": ox.__version__, "made_by": f"factiongraph {metadata.version('factiongraph')}"}
        with open(work / MARKER, "w", encoding="utf-8") as handle:
            json.dump(marker, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.rename(work, location)
        except OSError as err:
            if err.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            shutil.rmtree(work, ignore_errors=True)  # another run (without our lock) made it first
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _load(graph: Path, fmt: ox.RdfFormat, location: Path) -> int:
    """The graph file into a new RocksDB database at location; the number of quads. The store is closed on return."""
    store = ox.Store(str(location))
    try:
        store.bulk_load(path=str(graph), format=fmt)
    except SyntaxError as err:
        raise FactionGraphError(Problem(graph, f"cannot read the graph: {err}",
                                        "rebuild it with `factiongraph build`")) from err
    store.optimize()
    quads = len(store)
    del store
    return quads


def _parsed(graph: Path) -> ox.Store:
    try:
        return load_in_memory(graph)
    except SyntaxError as err:
        raise FactionGraphError(Problem(graph, f"cannot read the graph: {err}",
                                        "rebuild it with `factiongraph build`")) from err
    except OSError as err:
        raise FactionGraphError(Problem(graph, f"cannot read the graph: {err.strerror or err}", BUILD_FIRST)) from err


def _read_marker(location: Path) -> dict | None:
    try:
        with open(location / MARKER, encoding="utf-8") as handle:
            marker = json.load(handle)
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and marker.get("format") == MARKER_FORMAT else None


# --- The digest of a graph file ---------------------------------------------------------------------

def _identity(graph: Path) -> tuple:
    status = os.stat(graph)
    return (str(graph.resolve()), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
            status.st_ctime_ns)


def graph_digest(graph: Path, root: Path, identity: tuple | None = None) -> str:
    """The sha256 of the graph file's content, remembered by the file's identity so a file is hashed once.

    The identity changes with any write (ctime cannot be set back); a file changed less than
    RACY_SECONDS ago is hashed but not remembered, as its next write might keep the same times.
    """
    identity = identity or _identity(graph)
    known = _remembered(root, identity)
    if known:
        return known
    memo = _memo_path(root, identity[0])
    with open(graph, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if _identity(graph) == identity and time.time() - max(identity[4], identity[5]) / 1e9 > RACY_SECONDS:
        memo.parent.mkdir(exist_ok=True)
        _write_atomically(memo, json.dumps({"identity": list(identity), "sha256": digest}) + "\n")
    return digest


def _memo_path(root: Path, graph_path: str) -> Path:
    return root / "files" / (hashlib.sha256(graph_path.encode("utf-8", "surrogateescape")).hexdigest() + ".json")


def _remembered(root: Path, identity: list | tuple) -> str | None:
    """The digest remembered for a file of this identity, or None."""
    try:
        with open(_memo_path(root, identity[0]), encoding="utf-8") as handle:
            known = json.load(handle)
        if known.get("identity") == list(identity) and re.fullmatch(r"[0-9a-f]{64}", known.get("sha256", "")):
            return known["sha256"]
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    return None


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f"{NEW_PREFIX}{os.getpid()}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- Locks, leftovers and stale databases -----------------------------------------------------------

def _lock(path: Path):
    """The lock file at path, open and held shared; reopened if it was replaced while we waited."""
    while True:
        handle = open(path, "a+b")
        try:
            fcntl.flock(handle, fcntl.LOCK_SH)
            if os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino:
                return handle
        except FileNotFoundError:
            pass
        except BaseException:
            handle.close()
            raise
        handle.close()


def _owner_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(root: Path) -> list[Path]:
    """Remove what killed runs left in root (their .new-*/.old-* folders and files, owner gone)."""
    removed = []
    for path in sorted([*root.glob(".[no][el][wd]-*"), *root.glob("files/.new-*")]):
        owner = LEFTOVER.match(path.name)
        try:
            mine = not path.is_symlink() and path.lstat().st_uid == os.getuid()
        except OSError:
            continue
        if owner and mine and int(owner.group(1)) != os.getpid() and not _owner_alive(int(owner.group(1))):
            _delete(path)
            removed.append(path)
    return removed


def remove_stale_databases(root: Path, keep: Path | None = None) -> list[Path]:
    """Remove the databases whose graph file has since changed or gone (a rebuild), unless a command uses them."""
    removed = []
    for location in sorted(root.glob("*-*")):
        marker = _read_marker(location) if location.is_dir() and location != keep else None
        if marker is None:
            continue
        try:
            current = list(_identity(Path(marker["graph"])))
        except (OSError, KeyError, TypeError):
            current = None
        if current is not None and (current == marker.get("identity")
                                    or _remembered(root, current) == marker.get("sha256")):
            continue  # the graph file is unchanged, or rewritten with the same bytes (a rebuild of the same input)
        lock_path = location.with_name(location.name + ".lock")
        try:
            handle = open(lock_path, "a+b")
        except OSError:
            continue
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # in use: a later run removes it
            if os.fstat(handle.fileno()).st_ino != os.stat(lock_path).st_ino:
                continue
            _remove(location)
            lock_path.unlink(missing_ok=True)
            removed.append(location)
    return removed


def _remove(location: Path) -> None:
    """Take a database out of its place by one rename, then delete it."""
    aside = location.with_name(f"{OLD_PREFIX}{os.getpid()}-{location.name}")
    os.rename(location, aside)
    _delete(aside)


def _delete(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
