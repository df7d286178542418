"""The Sphinx side every concern shares: the ``council_*`` configuration, where outputs go, and
the docutils nodes pages are built from."""
