"""The Sphinx side every concern shares: the ``council_*`` configuration, where outputs go, the
docutils nodes pages are built from, and the per-document domain every concern's data lives in.

Sphinx: config, outputs, nodes, domains, collector (the environment loaded without the cycle
collector walking it)."""
