"""The newsletter's domain: which pages show a newsletter block (kept per document), and the
issues and feeds derived from everything read (kept for the whole project)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from ..sphinxext.domains import PerDocumentDomain
from .feeds import Feed, FeedSite
from .news import NewsDesk

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .digest import WeeklyDigest


class NewsletterDomain(PerDocumentDomain):
    """Which pages show the newsletter (per document), and the issues derived after reading."""

    # Only placeholders are per document; the rest is derived from the whole project at
    # env-updated, in the main process, after the merge.
    per_document = ("placeholders",)

    name = "newsletter"
    label = "This Week in Packaging"
    initial_data: ClassVar[dict[str, Any]] = {
        "placeholders": {},  # docname -> kinds of newsletter block it holds
        "desk": NewsDesk(),  # read at builder-inited
        "releases": [],  # release events from the snapshot, read at builder-inited
        "digests": [],  # derived at env-updated, oldest first
        "feeds": [],  # derived at env-updated
        "fingerprints": {},  # to tell which pages changed
        "pending": [],  # generated issue pages to write
        "site": FeedSite("", ""),  # where the feeds live
        "open_comments": [],  # (closing day, comment event) open on the build date
        "deadlines": [],  # the calendar's entries
    }

    @property
    def placeholders(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["placeholders"])

    @property
    def desk(self) -> NewsDesk:
        return cast("NewsDesk", self.data["desk"])

    @property
    def digests(self) -> list[WeeklyDigest]:
        return cast("list[WeeklyDigest]", self.data["digests"])

    @property
    def feeds(self) -> list[Feed]:
        return cast("list[Feed]", self.data["feeds"])

    @property
    def site(self) -> FeedSite:
        return cast("FeedSite", self.data["site"])

    def note_placeholder(self, docname: str, kind: str) -> None:
        self.placeholders.setdefault(docname, set()).add(kind)

    def archive_page(self) -> str:
        """The page holding the archive (the home page when there is none)."""
        pages = sorted(doc for doc, kinds in self.placeholders.items() if "archive" in kinds)
        return pages[0] if pages else "index"

    def feeds_page(self) -> str:
        """The page listing the feeds (the archive when there is none)."""
        pages = sorted(doc for doc, kinds in self.placeholders.items() if "feeds" in kinds)
        return pages[0] if pages else self.archive_page()


def newsletter_domain(env: BuildEnvironment) -> NewsletterDomain:
    return cast("NewsletterDomain", env.get_domain("newsletter"))


def setup_domain(app: Sphinx) -> None:
    app.add_domain(NewsletterDomain)
