"""The build's cache: what earlier builds made of each document and of the network analysis, so a
build after a small edit makes again only what the edit touched.

A piece is named by the sha256 of everything it was made from: the records it reads (by their
repr, which frozen dataclasses of strings, numbers and dates spell out whole) and the code that
made it (every file of the package and of the ontology, and the versions of the libraries that
shape the output). A piece found is therefore exactly what a clean build would make; an edit
anywhere it reads changes its name, so nothing is ever invalidated by hand.

Pieces are zip files (members stored as they are, each checked by its CRC on reading) in
`$FACTIONGRAPH_CACHE/build-N/`, written to a temporary name and renamed in, so a killed build
leaves none half-written; a piece that cannot be read is made again. After each build the folder
keeps what that build used and what the last build of every other corpus used (one list per
corpus, beside the pieces): a corpus rebuilt many times holds one build's pieces, not one per edit.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from ..access.database import NEW_PREFIX, cache_folder, remove_leftovers
from ..sources.vocabulary import ontology_dir

FORMAT = 1
PIECE = re.compile(r"[0-9a-f]{64}\.zip")
LIST = re.compile(r"[0-9a-f]{64}\.json")
LISTS = "corpora"
LIBRARIES = ("rdflib", "pyoxigraph", "networkx", "numpy", "scipy", "matplotlib", "lxml", "jinja2", "pandas")


def digest(*parts: object) -> str:
    """The sha256 of the parts' reprs, each preceded by its length (so no two lists of parts spell the same)."""
    hashed = hashlib.sha256()
    for part in parts:
        text = repr(part).encode("utf-8", "surrogatepass")
        hashed.update(b"%d:" % len(text))
        hashed.update(text)
    return hashed.hexdigest()


def code_digest() -> str:
    """The sha256 of the code a build runs: the package's files, the ontology's, the libraries' versions."""
    package = Path(__file__).resolve().parents[1]
    hashed = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    for name in LIBRARIES:
        hashed.update(f"{name}={_version(name)};".encode())
    for folder in dict.fromkeys((package, ontology_dir().resolve())):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hashed.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
            hashed.update(hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


class BuildCache:
    """The pieces of earlier builds, read and written by name; `used` is what this build asked for,
    `found` what it took from the cache."""

    def __init__(self, folder: Path, reading: bool = True):
        self.folder = folder
        self.reads = reading
        self.code = code_digest()
        self.used: set[str] = set()
        self.found: set[str] = set()

    def key(self, kind: str, *inputs: object) -> str:
        """The name of the piece of this kind made from inputs by this code."""
        return digest(kind, self.code, *inputs)

    def read(self, key: str) -> dict[str, bytes] | None:
        """The piece's members by name, or None if there is none, it cannot be read, or this build reads none."""
        with self.reading(key) as piece:
            return None if piece is None else {name: piece.read(name) for name in piece.namelist()}

    @contextmanager
    def reading(self, key: str):
        """The piece as an open zip file whose every member has passed its CRC check (so one can be read
        at a time without finding it damaged halfway), or None if there is none, it cannot be read, or
        this build reads none."""
        self.used.add(key)
        if not self.reads:
            yield None
            return
        try:
            piece = zipfile.ZipFile(self.folder / f"{key}.zip")
        except (OSError, zipfile.BadZipFile):
            yield None
            return
        with piece:
            try:
                damaged = piece.testzip()
            except (OSError, zipfile.BadZipFile):
                damaged = True
            if damaged is not None:
                yield None
                return
            self.found.add(key)
            yield piece

    def write(self, key: str, members: dict[str, bytes]) -> None:
        """Keep a piece of these members."""
        with self.writing(key) as add:
            for name, data in members.items():
                add(name, data)

    @contextmanager
    def writing(self, key: str):
        """A piece made member by member, `add(name, data)` as each is made, so a large one is never held
        whole; written under a temporary name and renamed in only if the block ends without an error.
        A cache that cannot be written is skipped."""
        self.used.add(key)
        piece = _PieceFile.open(self.folder)
        try:
            yield piece.add if piece else _skip
        except BaseException:
            if piece:
                piece.discard()
            raise
        if piece:
            piece.keep(self.folder / f"{key}.zip")

    def keep_only_used(self, corpus_dir: Path) -> None:
        """Remember what this build of corpus_dir used, then remove every piece no corpus's last build used
        and what killed builds left."""
        lists = self.folder / LISTS
        try:
            remove_leftovers(self.folder)
            remove_leftovers(lists)
            lists.mkdir(parents=True, exist_ok=True)
            own = lists / f"{digest(str(Path(corpus_dir).resolve()))}.json"
            _write_list(own, Path(corpus_dir).resolve(), self.used)
            kept = set().union(*(_read_list(lists / name) for name in os.listdir(lists) if LIST.fullmatch(name)))
            for entry in os.scandir(self.folder):
                if entry.is_file(follow_symlinks=False) and PIECE.fullmatch(entry.name) and entry.name[:-4] not in kept:
                    _remove(Path(entry.path))
        except OSError:
            return


class _PieceFile:
    """A piece being written: a zip file under a temporary name in the cache folder."""

    def __init__(self, temporary: Path, archive: zipfile.ZipFile):
        self.temporary, self.archive, self.failed = temporary, archive, False

    @classmethod
    def open(cls, folder: Path) -> _PieceFile | None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f"{NEW_PREFIX}{os.getpid()}-", suffix=".zip", dir=folder)
            return cls(Path(temporary), zipfile.ZipFile(os.fdopen(handle, "wb"), "w", zipfile.ZIP_STORED))
        except OSError:
            return None

    def add(self, name: str, data: bytes) -> None:
        if not self.failed:
            try:
                self.archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
            except OSError:
                self.failed = True

    def keep(self, target: Path) -> None:
        try:
            self._close()
            if not self.failed:
                os.replace(self.temporary, target)
                return
        except OSError:
            pass
        _remove(self.temporary)

    def discard(self) -> None:
        try:
            self._close()
        except OSError:
            pass
        _remove(self.temporary)

    def _close(self) -> None:
        handle = self.archive.fp
        self.archive.close()
        if handle is not None:
            handle.close()


def _skip(name: str, data: bytes) -> None:
    """What adding a member does where the cache cannot be written."""


def open_build_cache(clean: bool = False) -> BuildCache:
    """The cache of this format under the cache folder; a clean build reads none of it, and keeps
    what it makes for the next."""
    return BuildCache(cache_folder() / f"build-{FORMAT}", reading=not clean)


def _write_list(path: Path, corpus_dir: Path, keys: Iterable[str]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f"{NEW_PREFIX}{os.getpid()}-", suffix=".json", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump({"corpus": str(corpus_dir), "pieces": sorted(keys)}, file)
    os.replace(temporary, path)


def _read_list(path: Path) -> set[str]:
    """The pieces a corpus's last build used; none (and the list removed) once that corpus is gone."""
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
        if not Path(listed["corpus"]).is_dir():
            _remove(path)
            return set()
        return set(listed["pieces"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
