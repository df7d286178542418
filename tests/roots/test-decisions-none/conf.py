extensions = ["sphinx_council"]
