"""Seeded synthetic corpora in the project's own input format, from ten thousand triples up.

The command line of generate_corpus (graph/bench/synthetic_corpus.py): the same seed and size always
give byte-identical files.

    python -m graph.bench.generate OUT [--triples 10k] [--seed 0]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .synthetic_corpus import SIZES, generate_corpus


def _triples(text: str) -> int:
    """'10k', '1m' or a plain number of triples."""
    if text.lower() in SIZES:
        return SIZES[text.lower()]
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {', '.join(SIZES)} or a whole number") from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph.bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the corpus into; it must not exist yet")
    parser.add_argument("--triples", type=_triples, default="10k",
                        help=f"about how many triples the corpus builds: {', '.join(SIZES)} or a number "
                             "(default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="the same seed and size give the same files (default: 0)")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists: give a folder that does not, or remove it first")
    made = generate_corpus(args.out, args.triples, args.seed)
    print(f"wrote {made.documents} documents, {made.entities} entities, {made.statements} statements and "
          f"{made.figures} figures to {args.out}")


if __name__ == "__main__":
    main()
