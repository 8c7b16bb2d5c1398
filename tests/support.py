"""Paths and helpers shared by the tests."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = CORPUS / "saghafi-2004"


def overlay(corpus_dir: Path, case: str) -> Path:
    """Copy the broken files of tests/data/bad/<case> over a corpus copy."""
    shutil.copytree(DATA / "bad" / case, corpus_dir, dirs_exist_ok=True)
    return corpus_dir


def default_sigint() -> None:
    """In a child before exec: the default SIGINT, so Ctrl-C stops it even where pytest runs with it ignored.

    A background job starts with SIGINT ignored, and its children inherit that; Python installs
    its KeyboardInterrupt handler only where SIGINT is not ignored at start.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
