"""The views of a built graph: the explorer page and the text, the exports, the build and coverage reports, the
analysis report, the Web Annotations, query results and the competency queries page, and the pages the server and
the static site give."""
