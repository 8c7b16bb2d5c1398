"""The views of a built graph: the explorer page and the text, the exports, the build and coverage reports, the
analysis report, the Web Annotations, and the pages the server and the static site give."""
