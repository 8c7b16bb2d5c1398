"""The built graph as an on-disk Oxigraph database: made once per graph file, then opened read-only.

Parsing graph.nq again for every `cite`, `query`, `rank` or `serve` takes 20 s and about 1 GB at
1.7M triples; opening a RocksDB database made from it takes 0.03 s and a tenth of that memory. The
database is made on first use (Oxigraph's bulk loader, then `optimize`) in a cache folder, not in the
build's output: RocksDB's files differ from run to run, and output/ must be the same bytes for the
same input. It is named by the sha256 of the graph file, so a rebuild that changes the graph gets a
database of its own and a stale one is never read; the digest is remembered by the file's identity
(path, device, inode, size, mtime, ctime), so opening does not hash 300 MB each time.

Race-safe: a database is made in a `.new-<pid>-` folder beside it and renamed into place once
complete (a killed run leaves only that folder, removed by a later run), under an exclusive `flock`
on its lock file, so two first uses make it once; readers hold a shared lock while they use it, and a
database is only removed (damaged, or its graph file rebuilt or deleted) under an exclusive lock
nobody else holds. Where the cache cannot be written, the graph is loaded into memory as before.
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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import FactionGraphError, Problem

CACHE_ENV = "FACTIONGRAPH_CACHE"
GRAPH_FILES = ("graph.nq", "graph.nt")  # graph.nq holds graph.nt's triples and the named graphs
MARKER = "factiongraph-store.json"
MARKER_FORMAT = 1
RACY_SECONDS = 2.0
NEW_PREFIX = ".new-"
OLD_PREFIX = ".old-"
LEFTOVER_OWNER = re.compile(r"\.(?:new|old)-(\d+)-")
BUILD_FIRST = "run `factiongraph build` first, or give --build the folder it wrote"
REBUILD = "rebuild it with `factiongraph build`"
DAMAGED = object()


@dataclass(frozen=True)
class Database:
    """An open store of a graph file: on disk at location and read-only, or in memory (location None).

    made: this call made the database. While it is open it holds a shared lock that keeps the
    database from being removed.
    """

    graph: Path
    store: ox.Store
    location: Path | None = None
    made: bool = False
    lock: object = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        """Give up the shared lock (the store closes with its last reference)."""
        if self.lock is not None:
            self.lock.close()


def no_graph(path: Path) -> Problem:
    """The one "build first" error."""
    return Problem(path, "there is no built graph here", BUILD_FIRST)


def built_graph(build_dir: Path | str, names: tuple[str, ...] = GRAPH_FILES) -> Path:
    """The graph file a build wrote: the first of names that is there, or the "build first" error naming the first."""
    for name in names:
        if (Path(build_dir) / name).is_file():
            return Path(build_dir) / name
    raise FactionGraphError(no_graph(Path(build_dir) / names[0]))


def cache_folder() -> Path:
    """$FACTIONGRAPH_CACHE, else $XDG_CACHE_HOME/factiongraph, else ~/.cache/factiongraph."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "factiongraph"


def stores_folder() -> Path:
    """The databases of this Oxigraph version (another version may not read them)."""
    return cache_folder() / f"oxigraph-{ox.__version__}"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a graph file, from its extension."""
    found = ox.RdfFormat.from_extension(Path(path).suffix.lstrip("."))
    if found is None:
        raise FactionGraphError(Problem(path, "not a graph file factiongraph can read (unknown extension)",
                                        "give an N-Triples, N-Quads, Turtle or TriG file (.nt, .nq, .ttl, .trig)"))
    return found


def open_database(graph: Path | str) -> Database:
    """The graph file as a read-only on-disk store, made on first use; in memory if the cache cannot be written."""
    graph = Path(graph)
    fmt = rdf_format(graph)
    try:
        identity = _identity(graph)
    except OSError as err:
        raise FactionGraphError(no_graph(graph)) from err
    root = stores_folder()
    try:
        root.mkdir(parents=True, exist_ok=True)
        location = root / f"{graph_digest(graph, root, identity)}-{fmt.file_extension}"
        lock = _lock(location.with_name(location.name + ".lock"))
    except OSError:
        return Database(graph, _in_memory(graph, fmt))
    try:
        store, made = _open_or_make(graph, fmt, identity, location, lock)
    except BaseException:
        lock.close()
        raise
    if store is None:
        lock.close()
        return Database(graph, _in_memory(graph, fmt))
    if made:
        remove_stale_databases(root, keep=location)
    return Database(graph, store, location, made, lock)


def _open_or_make(graph: Path, fmt: ox.RdfFormat, identity: tuple, location: Path, lock) -> tuple[ox.Store | None, bool]:
    """(the store, whether it was made now); (None, False) if it could not be made (no room, cannot write)."""
    store = _open_finished(location)
    if store is not None and store is not DAMAGED:
        return store, False
    fcntl.flock(lock, fcntl.LOCK_UN)
    try:
        try:  # one maker, the others wait and then find it made; a damaged one only if nobody uses it
            fcntl.flock(lock, fcntl.LOCK_EX if store is None else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise FactionGraphError(Problem(location, "the database made from the graph is damaged, and another "
                                                      "command (a `factiongraph serve`?) is using it",
                                            "stop that command and try again, or delete the folder")) from err
        store = _open_finished(location)
        if store is not None and store is not DAMAGED:
            return store, False
        try:
            if store is DAMAGED:
                _remove(location)
            _make(graph, fmt, identity, location)
        except (OSError, RuntimeError):  # RocksDB's errors (no room, cannot write) come as either
            return None, False
        store = _open_finished(location)
        if store is None or store is DAMAGED:
            raise FactionGraphError(Problem(location, "the database just made from the graph cannot be read",
                                            "delete the folder and try again; if it persists, " + REBUILD))
        return store, True
    finally:
        fcntl.flock(lock, fcntl.LOCK_SH)


def _open_finished(location: Path):
    """The store at location, None if there is none, DAMAGED if ours but unreadable; a folder not ours is refused."""
    if not os.path.lexists(location):
        return None
    marker = _read_marker(location)
    if marker is None or marker.get("sha256") != location.name.split("-")[0]:
        raise FactionGraphError(Problem(location, f"this is not a database factiongraph made (no valid {MARKER})",
                                        "delete or move the folder; the next command makes the database again"))
    try:
        return ox.Store.read_only(str(location))
    except (OSError, RuntimeError):  # RocksDB reports a missing file as OSError, a truncated one as RuntimeError
        return DAMAGED


def _make(graph: Path, fmt: ox.RdfFormat, identity: tuple, location: Path) -> None:
    """Bulk-load the graph into a new folder beside location, optimize it, mark it finished, rename it in.

    identity is the file's when it was hashed: a file replaced since (a build meanwhile) is not loaded
    under the old content's name."""
    remove_leftovers(location.parent)
    work = Path(tempfile.mkdtemp(prefix=f"{NEW_PREFIX}{os.getpid()}-", dir=location.parent))
    try:
        store = ox.Store(str(work))
        try:
            store.bulk_load(path=str(graph), format=fmt)
        except SyntaxError as err:
            raise FactionGraphError(Problem(graph, f"cannot read the graph: {err}", REBUILD)) from err
        store.optimize()
        del store  # closes it
        if _identity(graph) != identity:
            raise FactionGraphError(Problem(graph, "the graph file changed while it was read (a build?)",
                                            "run the command again"))
        marker = {"format": MARKER_FORMAT, "sha256": location.name.split("-")[0], "graph": identity[0],
                  "identity": list(identity)}
        with open(work / MARKER, "w", encoding="utf-8") as handle:
            json.dump(marker, handle)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.rename(work, location)
        except OSError as err:  # made meanwhile by a run holding a lock file that was replaced: use that one
            if err.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _in_memory(graph: Path, fmt: ox.RdfFormat) -> ox.Store:
    """The graph file in a fresh in-memory store (how every command read it before there was a cache)."""
    store = ox.Store()
    try:
        store.bulk_load(path=str(graph), format=fmt)
    except SyntaxError as err:
        raise FactionGraphError(Problem(graph, f"cannot read the graph: {err}", REBUILD)) from err
    except FileNotFoundError as err:
        raise FactionGraphError(no_graph(graph)) from err
    except OSError as err:
        raise FactionGraphError(Problem(graph, f"cannot read the graph: {err.strerror or err}", BUILD_FIRST)) from err
    return store


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


def graph_digest(graph: Path, root: Path, identity: tuple) -> str:
    """The sha256 of the graph file, remembered by the file's identity so that a file is hashed once.

    Any write changes the identity (ctime cannot be set back); a file changed less than RACY_SECONDS
    ago is not remembered, as a write right after might keep the same times.
    """
    known = _remembered(root, identity)
    if known:
        return known
    with open(graph, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if _identity(graph) == identity and time.time() - max(identity[4], identity[5]) / 1e9 > RACY_SECONDS:
        memo = _memo_path(root, identity[0])
        memo.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f"{NEW_PREFIX}{os.getpid()}-", dir=memo.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"identity": list(identity), "sha256": digest}, out)
        os.replace(temporary, memo)
    return digest


def _memo_path(root: Path, graph_path: str) -> Path:
    return root / "files" / (hashlib.sha256(graph_path.encode("utf-8", "surrogateescape")).hexdigest() + ".json")


def _remembered(root: Path, identity: tuple) -> str | None:
    """The digest remembered for a file of this identity, or None."""
    try:
        with open(_memo_path(root, identity[0]), encoding="utf-8") as handle:
            known = json.load(handle)
        if known["identity"] == list(identity) and re.fullmatch(r"[0-9a-f]{64}", known["sha256"]):
            return known["sha256"]
    except (OSError, ValueError, LookupError, TypeError):
        pass
    return None


# --- Locks, leftovers and stale databases -----------------------------------------------------------

def _lock(path: Path):
    """The lock file at path, open and held shared; opened again if it was replaced while we waited."""
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


def owner_gone(pid: int) -> bool:
    """Whether no process has this id (the run that named a leftover after itself has ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    return False


def remove_dead_owners(paths: Iterable[Path], owner: re.Pattern) -> list[Path]:
    """Delete the paths (ours, not symlinks) whose name owner matches with the id of a process that has ended."""
    removed = []
    for path in sorted(paths):
        found = owner.match(path.name)
        try:
            mine = not path.is_symlink() and path.lstat().st_uid == os.getuid()
        except OSError:
            continue
        if found and mine and int(found.group(1)) != os.getpid() and owner_gone(int(found.group(1))):
            _delete(path)
            removed.append(path)
    return removed


def remove_leftovers(root: Path) -> list[Path]:
    """Remove what killed runs left in root: their .new-* and .old-* folders and files."""
    return remove_dead_owners([*root.glob(NEW_PREFIX + "*"), *root.glob(OLD_PREFIX + "*"),
                               *root.glob(f"files/{NEW_PREFIX}*")], LEFTOVER_OWNER)


def remove_stale_databases(root: Path, keep: Path | None = None) -> list[Path]:
    """Remove the databases whose graph file has changed or gone since (a rebuild), unless a command uses them."""
    removed = []
    for location in sorted(root.glob("*-*")):
        marker = _read_marker(location) if location.is_dir() and location != keep else None
        if marker is None:
            continue
        try:
            current = _identity(Path(marker["graph"]))
            if list(current) == marker["identity"] or graph_digest(Path(marker["graph"]), root, current) == \
                    marker["sha256"]:
                continue  # the graph file is unchanged, or rewritten with the same bytes
        except (OSError, LookupError, TypeError):
            pass  # gone
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
    """Take a database out of its place in one rename (never half there), then delete it."""
    aside = location.with_name(f"{OLD_PREFIX}{os.getpid()}-{location.name}")
    os.rename(location, aside)
    _delete(aside)


def _delete(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
