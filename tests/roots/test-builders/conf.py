extensions = ["myst_parser", "sphinx_council"]
council_roster = "roster.yaml"
council_news_dir = "news"
council_digest_start = "2026-W32"
html_baseurl = "https://council.example.org/"
html_theme = "basic"
project = "Test Council"
version = "1"
copyright = "the test council"
council_pep_pages = True
council_newsletter = True
# The fixtures are dated up to mid-2027, after most test build dates: a date after the build
# date is a reminder, tested in test_field_hardening.py, and not what these builds are about.
suppress_warnings = ["council.future"]
