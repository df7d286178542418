"""How a record's discussion links read on a page, in pure Python: labels that say what each
link is (a thread's title, a mailing list, an outcome post). The inline literals of titles are
:func:`sphinx_council.core.text.inline_literals`."""

from __future__ import annotations

from urllib.parse import urlsplit

# Words a thread's address spells in lower case that readers know in another case.
_WORDS = {"pep": "PEP", "peps": "PEPs", "pypi": "PyPI", "pypa": "PyPA", "api": "API"}
_PREFIXES = {"pre pep": "Pre-PEP:", "draft pep": "Draft PEP:"}
# What a post that carries a record's outcome is called.
OUTCOME_POSTS = {
    "accepted": "acceptance post",
    "rejected": "rejection post",
    "withdrawn": "withdrawal notice",
}


def discussion_label(url: str, outcome: str = "") -> str:
    """A link's label that says what it is: a thread's title, a mailing list, an outcome.

    ``outcome`` is the status a history entry linking the same address recorded, if any.
    """
    if outcome in OUTCOME_POSTS:
        return OUTCOME_POSTS[outcome]
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host == "discuss.python.org" and segments[:1] == ["t"]:
        return _discourse_label(segments[1:])
    if host == "mail.python.org":
        return _mailing_list_label(segments)
    if host == "github.com" and len(segments) >= 4 and segments[2] in ("issues", "pull"):
        kind = "issue" if segments[2] == "issues" else "pull request"
        return f"{segments[0]}/{segments[1]} {kind} {segments[3]}"
    return host or url


def _discourse_label(segments: list[str]) -> str:
    numbers = [s for s in segments if s.isdigit()]
    slug = next((s for s in segments if not s.isdigit()), "")
    post = f", post {numbers[1]}" if len(numbers) > 1 else ""
    if not slug:
        # Threads linked by number alone: the number tells two of them apart on one page.
        thread = f" {numbers[0]}" if numbers else ""
        return f"discuss.python.org thread{thread}{post}"
    return thread_title(slug) + post


def thread_title(slug: str) -> str:
    """``pep-772-packaging-council-governance-process-round-3`` as a reader would write it."""
    text = slug.replace("-", " ").strip()
    prefix = ""
    for start, shown in _PREFIXES.items():
        if text.startswith(start + " "):
            prefix, text = shown, text[len(start) :].strip()
    words = [_WORDS.get(word, word) for word in text.split()]
    if words and not prefix:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join([prefix, *words]) if prefix else " ".join(words)


def _mailing_list_label(segments: list[str]) -> str:
    if segments[:1] == ["pipermail"] and len(segments) > 1:
        return f"{segments[1]} mailing list thread"
    if segments[:2] == ["archives", "list"] and len(segments) > 2:
        name = segments[2].partition("@")[0]
        kind = "post" if "message" in segments[3:4] else "thread"
        return f"{name} mailing list {kind}"
    return "mailing list archive"
