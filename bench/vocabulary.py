"""The words the synthetic decision records are made of: packaging PEPs and their topics, the
council's areas and personas, tools, and the sentence templates of each record section."""

from __future__ import annotations

from sphinx_council.core.settings import DEFAULT_AREAS, DEFAULT_PERSONAS

# Packaging PEPs present in the vendored PEP index, with what they are about.
PEP_TOPICS: dict[int, str] = {
    427: "the wheel binary package format",
    440: "version identification and specifiers",
    503: "the simple repository API",
    508: "dependency specifiers",
    517: "build backend hooks for source trees",
    518: "build system requirements in pyproject.toml",
    561: "distributing type information",
    566: "core metadata version 2.1",
    592: "yanking releases in the simple API",
    600: "manylinux platform tags",
    610: "recording the origin of direct URL installs",
    621: "project metadata in pyproject.toml",
    625: "source distribution file names",
    627: "recording installed projects",
    639: "license expressions in package metadata",
    643: "metadata for source distributions",
    658: "serving distribution metadata in the simple API",
    660: "editable installs for pyproject.toml builds",
    668: "externally managed environments",
    685: "normalised names of extras",
    691: "a JSON-based simple API",
    700: "additional fields in the simple API",
    714: "renaming dist-info-metadata in the simple API",
    715: "disabling egg uploads on PyPI",
    723: "inline script metadata",
    735: "dependency groups in pyproject.toml",
    740: "index support for digital attestations",
    751: "a standard lock file format",
    753: "uniform project URLs in core metadata",
}
PEPS = sorted(PEP_TOPICS)
# Rejected packaging PEPs: a rejected record is about one of these, so the check of records
# against the PEP index (a rejection of a Final PEP is reported) finds nothing.
REJECTED_PEP_TOPICS: dict[int, str] = {
    582: "a local packages directory",
    633: "exploded TOML tables for dependencies",
    662: "editable installs via virtual wheels",
    665: "an earlier lock file format",
    708: "mitigating dependency confusion",
    722: "dependencies of single-file scripts",
}
PEP_TOPICS |= REJECTED_PEP_TOPICS

KINDS = ["pronouncement"] * 14 + ["delegation"] * 2 + ["process", "policy", "policy", "election"]
AREAS = list(DEFAULT_AREAS)
AREA_WEIGHTS = [10, 5, 8, 4, 2, 2]
PERSONAS = list(DEFAULT_PERSONAS)
PERSONA_PLURALS = {
    "newcomer": "newcomers",
    "package-user": "people installing packages",
    "data-scientist": "data scientists",
    "publisher": "publishers",
    "maintainer": "maintainers",
    "app-developer": "application developers",
    "redistributor": "redistributors",
    "coming-from-other-ecosystems": "people coming from other ecosystems",
}
DELEGATES = [
    "Paul Moore",
    "Brett Cannon",
    "Alyssa Coghlan",
    "Donald Stufft",
    "Pradyun Gedam",
    "Dustin Ingram",
    "Barry Warsaw",
    "Thomas Kluyver",
    "Filipe Laíns",
    "Ofek Lev",
]
TOOLS = [
    "pip",
    "uv",
    "setuptools",
    "hatchling",
    "flit",
    "Poetry",
    "PDM",
    "twine",
    "Warehouse",
    "build",
    "pipx",
    "conda",
    "scikit-build-core",
    "maturin",
    "meson-python",
    "tox",
    "nox",
    "packaging",
    "installer",
    "virtualenv",
]
VENUES = [
    "discuss.python.org",
    "the distutils-sig mailing list",
    "the Packaging category of discuss.python.org",
    "the packaging summit",
    "the issue tracker of the specifications repository",
]
DETAILS = [
    "local version labels",
    "case differences in project names",
    "empty extras",
    "pre-release markers",
    "duplicated metadata fields",
    "path separators in archives",
    "non-ASCII file names",
    "build isolation",
    "missing RECORD entries",
    "environment markers",
    "dynamic metadata",
    "platform tags for new architectures",
    "hash pinning",
    "yanked files",
    "data files outside the package",
    "entry point groups",
]
ARTIFACTS = ["wheel", "sdist", "pyproject.toml", "lock", "METADATA", "index page", "RECORD"]
CHANGES = ["an update", "a clarification", "an extension", "errata", "a revision", "a change"]

CONTEXT_SENTENCES = [
    "Before this decision, {tool} and {tool2} each handled {detail} in their own way, and "
    "users saw different results depending on the tool they happened to use.",
    "The proposal was discussed on {venue} over {months} months, with comments from the "
    "maintainers of {tool}, {tool2} and several smaller projects.",
    "Maintainers reported that {topic} was a frequent source of confusion for {plural}, "
    "especially when moving a project between tools.",
    "The existing specification left the handling of {detail} undefined, so installers and "
    "build backends slowly diverged.",
    "A survey of {count} projects on PyPI showed that about {pct} percent of them relied on "
    "{detail} in some form.",
    "Earlier work on {topic}, including {ref}, stopped short of a complete answer and left "
    "several cases to each tool.",
    "Redistributors asked for a rule they could check automatically instead of patching "
    "{tool} and {tool2} downstream.",
    "The authors collected the behaviour of {tool}, {tool2} and {tool3} in a comparison table "
    "before writing the specification text.",
]
DECISION_SENTENCES = [
    "The specification now says how tools should treat {detail}, with examples for the common "
    "cases.",
    "Tools are expected to warn when they meet {detail}, and to fail only when the result "
    "would be ambiguous.",
    "The change is versioned, so older tools keep working with existing {artifact} files.",
    "Implementations in {tool} and {tool2} were used to check that the wording matches real "
    "behaviour.",
    "The text keeps the existing behaviour of {tool} where it was already the most common "
    "one, to limit the number of projects affected.",
    "A short transition period lets {plural} update their tools before the stricter rules apply.",
    "The decision builds on {ref} and does not reopen the questions settled there.",
]
CONSEQUENCE_ITEMS = [
    "{cap_plural} will see the new behaviour once {tool} ships support for it.",
    "The Python Packaging User Guide gains a section on {topic}.",
    "{tool} and {tool2} plan to implement the change in their next releases.",
    "Existing {artifact} files remain valid; nothing has to be rewritten.",
    "Index operators can start rejecting uploads that get {detail} wrong after a notice period.",
    "Documentation for {plural} is updated to describe {detail} in one place.",
]
SUMMARY_SENTENCES = [
    "This record covers {change} to {topic}, as described in PEP {pep}.",
    "It settles how tools treat {detail}, which had been handled differently by {tool} and "
    "{tool2}.",
    "For {plural}, the practical effect is that {artifact} files behave the same whichever "
    "tool reads them.",
    "Nothing changes for projects that already follow the common behaviour.",
]
# Why a proposal was rejected or withdrawn: such a record must say so (``reason:``).
REASONS = {
    "rejected": [
        "The council found that {change} to {topic} would break {plural} who rely on {tool}.",
        "The discussion showed no agreement on how {tool} and {tool2} should treat {detail}.",
    ],
    "withdrawn": [
        "The authors withdrew it after {tool} adopted a simpler way to handle {detail}.",
        "The authors withdrew it to fold the change into a broader proposal about {topic}.",
    ],
}
WHAT_CHANGES = [
    "You can rely on {tool} and other tools treating {detail} the same way.",
    "Nothing changes in your day-to-day work unless your project depends on {detail}.",
    "Your {artifact} files may need a small update when your tools adopt the change.",
    "Error messages about {detail} become consistent across installers.",
    "The documentation you read describes {topic} in a single place.",
]
EDIT_SENTENCE = (
    "This sentence was rewritten by the benchmark (edit {k}) to measure the rebuild of a single "
    "record."
)
