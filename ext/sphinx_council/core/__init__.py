"""The pure core every concern shares: YAML with line numbers, field shapes, the one vocabulary of
problems and the build clock. Nothing here imports Sphinx or docutils."""
