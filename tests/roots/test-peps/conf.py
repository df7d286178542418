extensions = ["myst_parser", "sphinx_council"]
html_theme = "basic"
