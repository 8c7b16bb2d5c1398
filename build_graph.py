"""Build the whole graph into output/: the same code as `factiongraph build`."""

from graph.cli import main

if __name__ == "__main__":
    main(["build", *__import__("sys").argv[1:]])
