extensions = ["myst_parser", "sphinx_council"]
council_roster = "roster.yaml"
html_theme = "basic"
html_baseurl = "https://council.example.org/"
council_pep_pages = True
council_newsletter = True
