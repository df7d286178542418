extensions = ["myst_parser", "sphinx_council"]
council_roster = "roster.yaml"
html_theme = "basic"
html_baseurl = "https://council.example.org/"
council_newsletter = True
