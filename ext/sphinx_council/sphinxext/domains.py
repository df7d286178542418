"""The one way council domains keep what each document contributes, so parallel and
incremental builds stay right: data held per document is dropped with the document and merged
from parallel readers by docname; everything else is derived after reading."""

from __future__ import annotations

from collections.abc import Set
from typing import Any, ClassVar

from sphinx.domains import Domain


class PerDocumentDomain(Domain):
    """A domain whose ``per_document`` keys each map docname -> what that document holds."""

    per_document: ClassVar[tuple[str, ...]] = ()

    def clear_doc(self, docname: str) -> None:
        for key in self.per_document:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.per_document:
            self.data[key].update(
                (doc, value) for doc, value in otherdata[key].items() if doc in docnames
            )
