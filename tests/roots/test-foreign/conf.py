# A stranger's reStructuredText project that only wants the {pep} role: no MyST, no decision
# records, no council configuration beyond how loudly historical PEP citations are reported.
project = "Foreign project"
extensions = ["sphinx_council"]
html_theme = "alabaster"
council_pep_status_warnings = "info"
