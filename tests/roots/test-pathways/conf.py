extensions = ["myst_parser", "sphinx_council"]
council_roster = "roster.yaml"
html_theme = "basic"
html_baseurl = "https://council.example.org/"
council_pep_pages = True
# The fixtures are dated up to mid-2027, after most test build dates: a date after the build
# date is a reminder, tested in test_field_hardening.py, and not what these builds are about.
suppress_warnings = ["council.future"]
