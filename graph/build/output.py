"""The build's output folder: which folder it may replace, and the swap that replaces it.

A build writes each file into a fresh sibling folder as soon as it is made, then swaps the folder
in with two renames (old output aside, new one in). Every folder the build writes carries a stamp
file, so the build replaces only folders it made itself, and a later run can tell its own
leftovers (from a kill, or a power cut between the two renames) from anything else. One build at
a time writes a given output folder: the others wait on a lock file beside it.
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

from ..errors import FactionGraphError, Problem

STAMP = ".factiongraph-output"
STAMP_START = b"factiongraph "
VIEWS = "views"


def stamp_text() -> bytes:
    """The stamp's content: which program wrote the folder, and what the next build does with it."""
    return (f"factiongraph {metadata.version('factiongraph')}\n"
            "`factiongraph build` wrote this folder and replaces it whole on the next build, keeping only views/.\n"
            ).encode("utf-8")


def is_stamped(folder: Path) -> bool:
    """True if folder is a real folder (not a link) holding the stamp the build writes."""
    stamp = folder / STAMP
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode) or not stat.S_ISREG(os.lstat(stamp).st_mode):
            return False
        with open(stamp, "rb") as handle:
            return handle.read(len(STAMP_START)) == STAMP_START
    except OSError:
        return False


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):
        return None


def check_output_folder(out_dir: Path, corpus_dir: Path | None = None) -> None:
    """Refuse an output folder the build must not replace, before anything is built.

    Never the corpus (or a folder inside it), the working folder, the home folder, `/` or a
    folder holding any of them; and only an empty folder or one a build wrote (stamped).
    """
    out_dir = Path(out_dir)
    target = out_dir.resolve()
    kept = {"the root folder": Path("/"), "your home folder": _home(), "the working folder": Path.cwd().resolve()}
    if corpus_dir is not None:
        corpus = Path(corpus_dir).resolve()
        if target == corpus or corpus in target.parents:
            raise _refused(out_dir, "is the corpus folder" if target == corpus else "is inside the corpus folder")
        kept["the corpus folder"] = corpus
    for name, folder in kept.items():
        if target == folder:
            raise _refused(out_dir, f"is {name}")
    for name, folder in kept.items():
        if folder is not None and target in folder.parents:
            raise _refused(out_dir, f"holds {name} ({folder})")
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        raise _refused(out_dir, "is a file, not a folder")
    if not is_stamped(target) and any(target.iterdir()):
        raise FactionGraphError(Problem(
            out_dir, f"the folder is not empty and was not written by `factiongraph build` (it has no {STAMP})",
            "pass --out with a new or empty folder; the build replaces only folders it wrote itself "
            f"(an output of a factiongraph older than the {STAMP} stamp: delete it once by hand)"))


def _refused(out_dir: Path, why: str) -> FactionGraphError:
    return FactionGraphError(Problem(out_dir, f"the build will not write here: this {why}",
                                     "pass --out with a folder of its own, such as `output`"))


class MemoryOutput(dict):
    """Output files kept as bytes by name, for a caller that wants them rather than a folder."""

    def write(self, name: str, data: bytes) -> None:
        self[name] = data

    def stream(self, name: str, write: Callable[[BinaryIO], None]) -> None:
        buffer = io.BytesIO()
        write(buffer)
        self[name] = buffer.getvalue()

    def open(self, name: str) -> BinaryIO:
        """A file already written, for reading."""
        return io.BytesIO(self[name])


class StagingFolder:
    """The new output folder while it is filled: each file goes to disk the moment it is made, so a
    large build never holds all its files in memory at once."""

    def __init__(self, path: Path):
        self.path = path
        self.names: list[str] = []

    def write(self, name: str, data: bytes) -> None:
        self._target(name).write_bytes(data)
        self.names.append(name)

    def stream(self, name: str, write: Callable[[BinaryIO], None]) -> None:
        """A file written by `write` into its open handle (readable too, for a writer that checks its end)."""
        with open(self._target(name), "w+b") as handle:
            write(handle)
        self.names.append(name)

    def open(self, name: str) -> BinaryIO:
        """A file already written, for reading (a later file made from it need not be held in memory)."""
        return open(self.path / name, "rb")

    def _target(self, name: str) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


Output = StagingFolder | MemoryOutput
"""Where the build writes its files: a folder being filled, or memory."""


@contextmanager
def output_folder(out_dir: Path, corpus_dir: Path | None = None):
    """A StagingFolder that replaces out_dir (keeping its views/) when the block ends, or, if the block
    fails or the swap does, is removed and leaves out_dir as it was.

    The folder's lock is held for the whole block, after putting right what an earlier killed run
    left; a run killed inside the block leaves a stamped folder that the next run removes.
    """
    out_dir = Path(out_dir).resolve()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with locked(out_dir):
            recover(out_dir)
            check_output_folder(out_dir, corpus_dir)
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
            try:
                staging.chmod(0o777 & ~_umask())
                (staging / STAMP).write_bytes(stamp_text())
                yield StagingFolder(staging)
                _keep_views(staging, out_dir)
                _swap(staging, out_dir)
            except BaseException:
                _remove_output(staging)
                raise
    except OSError as err:
        raise FactionGraphError(Problem(err.filename or out_dir, f"cannot write the output: {err.strerror or err}",
                                        "check the folder's permissions and the free space; "
                                        "the previous output is as it was")) from err


def write_atomically(out_dir: Path, files: dict[str, bytes], corpus_dir: Path | None = None) -> None:
    """Replace out_dir with exactly these files (and its views/), or leave it as it was."""
    with output_folder(out_dir, corpus_dir) as folder:
        for name, data in files.items():
            folder.write(name, data)


def _keep_views(staging: Path, out_dir: Path) -> None:
    """Carry the old output's views/ (the user's saved views) into the new one."""
    views = out_dir / VIEWS
    if is_stamped(out_dir) and os.path.lexists(views):
        if views.is_symlink():
            os.symlink(os.readlink(views), staging / VIEWS)
        elif views.is_dir():
            shutil.copytree(views, staging / VIEWS, symlinks=True)


def _swap(staging: Path, out_dir: Path) -> None:
    """Two renames: the old output aside, the new one in; the old one back if the second fails."""
    if not os.path.lexists(out_dir):
        os.replace(staging, out_dir)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    try:
        os.replace(out_dir, aside / out_dir.name)
        os.replace(staging, out_dir)
    except BaseException:
        if os.path.lexists(aside / out_dir.name):
            os.replace(aside / out_dir.name, out_dir)
        aside.rmdir()
        raise
    try:
        _remove_output(aside / out_dir.name)
        aside.rmdir()
    except OSError:
        pass  # the new output is in place; the next run removes what is left of the old one


def recover(out_dir: Path) -> None:
    """Put right what a killed run left beside out_dir: restore a stranded old output, remove the rest.

    Only folders with the build's prefix that hold its stamp (or nothing at all) are touched.
    Call it holding the folder's lock, when no other build is writing.
    """
    parent, name = out_dir.parent, out_dir.name
    leftovers = sorted(entry for entry in parent.iterdir() if entry.name.startswith((f".{name}.old-", f".{name}.new-"))
                       and stat.S_ISDIR(os.lstat(entry).st_mode))
    for leftover in leftovers:
        if leftover.name.startswith(f".{name}.new-"):
            if is_stamped(leftover):
                _remove_output(leftover)
        elif is_stamped(leftover / name) or _is_empty_folder(leftover / name):
            if os.path.lexists(out_dir):
                _remove_output(leftover / name)
            else:
                os.replace(leftover / name, out_dir)
        if os.path.lexists(leftover) and not any(leftover.iterdir()):
            leftover.rmdir()


def _is_empty_folder(path: Path) -> bool:
    """An empty real folder: an output the build was allowed to replace although it had no stamp."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode) and not any(path.iterdir())
    except OSError:
        return False


def _remove_output(folder: Path) -> None:
    """Delete a folder the build wrote, its stamp last, so a run killed meanwhile leaves it recognisable."""
    if not os.path.lexists(folder):
        return
    for entry in folder.iterdir():
        if entry.name == STAMP:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    (folder / STAMP).unlink(missing_ok=True)
    folder.rmdir()


@contextmanager
def locked(out_dir: Path):
    """Hold the output folder's lock (flock on `.<name>.lock` beside it), waiting while another build holds it.

    The lock file is removed on release; a waiter that then holds a removed file tries again.
    """
    path = out_dir.parent / f".{out_dir.name}.lock"
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            held = os.fstat(descriptor)
            current = os.stat(path, follow_symlinks=False)
            if (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino):
                break
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(descriptor)


def write_file(path: Path, data: bytes) -> None:
    """Replace one file whole: write a new temporary file of our own beside it (never through a link), then rename."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
