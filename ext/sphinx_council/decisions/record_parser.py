"""Decision records parse through a restricted MyST: what the dialect refuses is shown as code.

``council check`` and the build report what a record's prose breaks of the record dialect
(:mod:`.prose`); this module makes sure the build never runs it, even when a warning is
ignored. A record's document is parsed by MyST with:

* no substitutions (MyST renders ``{{ ... }}`` with an unsandboxed Jinja environment), no
  fence read as a directive by its language, and only the syntax extensions that cannot
  reach outside the page, whatever ``myst_enable_extensions`` says;
* no file-level configuration: a record's front matter is the council's, never MyST's
  ``myst:`` block, so a record cannot turn an extension back on;
* docutils' own switches off: no file insertion (``include``, ``:file:``, ``:url:``) and no
  ``raw``;
* a renderer that asks :mod:`.dialect` about every directive, role, link, image and
  substitution before MyST renders it, and shows a refused one as code.

The other documents of the project parse as the project configured them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import MarkupError
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.util import logging

from ..core.fields import link_problem
from ..core.problems import WARNING_TYPE, Check
from ..sphinxext.config import council_config
from .dialect import (
    DIRECTIVES,
    MAX_NESTING,
    directive_head_problems,
    image_problem,
    link_target_problem,
    read_directive,
    role_problem,
)

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.config.main import MdParserConfig
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# MyST syntax extensions a record keeps when the project enables them: none of them reads a
# file, fetches an address or runs a template (html_image and html_admonition turn raw HTML,
# which records may not hold, into nodes; linkify makes links the dialect has not seen).
RECORD_EXTENSIONS = frozenset(
    {"colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block", "tasklist"}
    | {"strikethrough", "smartquotes", "replacements", "alert"}
)


def record_config(config: MdParserConfig) -> MdParserConfig:
    """The project's MyST configuration, restricted for a decision record."""
    return config.copy(
        enable_extensions=set(config.enable_extensions) & RECORD_EXTENSIONS,
        substitutions={},
        fence_as_directive=set(),
    )


class RecordRenderer(SphinxRenderer):
    """MyST's renderer, asking the dialect before it renders anything that could reach out."""

    _nesting = 0

    def render_directive(
        self,
        token: SyntaxTreeNode,
        name: str,
        arguments: str,
        *,
        additional_options: dict[str, str] | None = None,
    ) -> None:
        directive = read_directive(name, arguments, token.content)
        if (
            self._nesting >= MAX_NESTING
            or directive_head_problems(directive)
            or not self._options_allowed(name, arguments, token)
            or self._reaches_out("image", arguments, token, DIRECTIVES[name.lower()].image_path)
        ):
            self._show_block(token)
            return
        self._nesting += 1
        try:
            super().render_directive(token, name, arguments, additional_options=None)
        finally:
            self._nesting -= 1

    def _options_allowed(self, name: str, arguments: str, token: SyntaxTreeNode) -> bool:
        """Whether the options MyST itself reads are the dialect's (a second opinion, so that
        no difference between the two readings can let an option through)."""
        directive_class, _ = directives.directive(name, self.language_module_rst, self.document)
        if directive_class is None:
            return True  # MyST reports the unknown directive and renders nothing
        try:
            parsed = parse_directive_text(directive_class, arguments, token.content)
        except MarkupError:
            return True  # MyST reports the same error and runs nothing
        rule = DIRECTIVES[name.lower()]
        if not set(parsed.options) <= set(rule.options):
            return False
        target = parsed.options.get("target")
        return target is None or link_problem(str(target)) is None

    def render_colon_fence(self, token: SyntaxTreeNode) -> None:
        name = (token.info.split(maxsplit=1) or [""])[0]
        if name.startswith("{") and name.endswith("}"):
            super().render_colon_fence(token)  # a directive, counted by render_directive
        elif self._nesting >= MAX_NESTING:
            self._show_block(token)
        else:  # a plain ":::" block is Markdown in a <div>, parsed again: count it too
            self._nesting += 1
            try:
                super().render_colon_fence(token)
            finally:
                self._nesting -= 1

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        self._show_block(token)

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        if role_problem(token.meta["name"]):
            self._show_inline(f"{{{token.meta['name']}}}`{token.content}`", token)
        else:
            super().render_myst_role(token)

    def render_substitution_inline(self, token: SyntaxTreeNode) -> None:
        self._show_inline(f"{{{{{token.content}}}}}", token)

    def render_substitution_block(self, token: SyntaxTreeNode) -> None:
        text = f"{{{{{token.content}}}}}"
        node = nodes.literal_block(text, text)
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_front_matter(self, token: SyntaxTreeNode) -> None:
        """A record's front matter is the council's: MyST takes nothing from it."""

    def render_link(self, token: SyntaxTreeNode) -> None:
        target = self.md.normalizeLinkText(str(token.attrGet("href") or ""))
        if link_target_problem(target) or self._reaches_out("link", target, token):
            label = self.renderInlineAsText(token.children or [])
            self._show_inline(f"[{label}]({target})", token)
        else:
            super().render_link(token)

    def render_image(self, token: SyntaxTreeNode) -> None:
        source = self.md.normalizeLinkText(str(token.attrGet("src") or ""))
        if image_problem(source) or self._reaches_out("image", source, token):
            label = self.renderInlineAsText(token.children or [])
            self._show_inline(f"![{label}]({source})", token)
        else:
            super().render_image(token)

    def _reaches_out(
        self, kind: str, path: str, token: SyntaxTreeNode, applies: bool = True
    ) -> bool:
        """Whether a relative path names a file that is really elsewhere (a symbolic link out
        of the records' folder), which Sphinx would copy into the site; reported here, as the
        check reads no files."""
        path = path.split("#", 1)[0].strip()
        if not applies or not path or link_target_problem(path) or "://" in path:
            return False
        env = self.sphinx_env
        folder = Path(env.srcdir, council_config(env.config).decisions_dir).resolve()
        _, found = env.relfn2path(path, env.docname)
        candidates = [Path(found)]
        if "*" in candidates[0].name:
            candidates = sorted(candidates[0].parent.glob(candidates[0].name))
        # Sphinx resolves links in the path it gives, so a file found outside is one reached
        # through a link (the path itself keeps to the folder: the dialect saw to that).
        outside = [c for c in candidates if c.exists() and not c.resolve().is_relative_to(folder)]
        if outside:
            logger.warning(
                f"{kind} {path!r} is a link to a file outside the records' folder; "
                "store the file itself under decisions/",
                type=WARNING_TYPE,
                subtype=Check.PROSE.value,
                location=(env.docname, token.map[0] if token.map else None),
            )
        return bool(outside)

    def _show_block(self, token: SyntaxTreeNode) -> None:
        text = f"{token.markup}{token.info}\n{token.content}{token.markup}"
        node = nodes.literal_block(text, text)
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def _show_inline(self, text: str, token: SyntaxTreeNode) -> None:
        node = nodes.literal(text, text)
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)


class RecordGuard(MystParser):
    """MyST's parser, restricted for the documents that are decision records."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        if not council_config(env.config).is_decision(env.docname):
            super().parse(inputstring, document)
            return
        document.settings.file_insertion_enabled = False
        document.settings.raw_enabled = False
        parser = create_md_parser(record_config(env.myst_config), RecordRenderer)
        parser.options["document"] = document
        parser.render(inputstring)


def guard_record_parsing(app: Sphinx) -> None:
    """Put :class:`RecordGuard` in front of every MyST parser the project registered, once
    every extension has registered its own."""
    parsers: dict[str, Any] = dict(app.registry.get_source_parsers())
    for filetype, parser in parsers.items():
        if issubclass(parser, MystParser) and not issubclass(parser, RecordGuard):
            guarded = type(parser.__name__, (RecordGuard, parser), {"supported": (filetype,)})
            app.add_source_parser(guarded, override=True)


__all__ = ["RECORD_EXTENSIONS", "RecordGuard", "RecordRenderer", "guard_record_parsing"]
