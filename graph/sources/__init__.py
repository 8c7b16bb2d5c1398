"""The sources: the texts, their annotation tables, the vocabulary and codebooks they use, and the tools that
help write them (new documents, suggested rows). Everything a build reads, checked; nothing here makes RDF."""
