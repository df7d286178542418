"""``{decision-prose}``: what a record's prose may use, printed from :mod:`decisions.dialect`,
the lists ``council check`` and the build apply, so the guide cannot drift from the rules."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..decisions.dialect import DIRECTIVES, ROLES, RULES, DirectiveRule
from ..sphinxext.nodes import paragraph


def _names(names: list[str]) -> list[nodes.Node]:
    shown: list[nodes.Node] = []
    for name in names:
        shown += [nodes.Text(", ")] if shown else []
        shown.append(nodes.literal("", f"{{{name}}}"))
    return shown


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def directive_groups() -> list[tuple[list[str], DirectiveRule]]:
    """The directives, those that share a purpose and options together (the admonitions)."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for name, rule in DIRECTIVES.items():
        groups.setdefault((rule.purpose, rule.options), []).append(name)
    return [(names, DIRECTIVES[names[0]]) for names in groups.values()]


def dialect_list() -> nodes.definition_list:
    """Markdown, each directive with its options, each role, then links, images and what is
    refused, as a definition list (readable on a narrow screen, like the fields)."""
    items = nodes.definition_list(classes=["council-fields"])

    def add(term: list[nodes.Node], *body: nodes.Node) -> None:
        items.append(
            nodes.definition_list_item("", nodes.term("", "", *term), nodes.definition("", *body))
        )

    add([nodes.Text("Markdown")], paragraph(RULES["Markdown"]))
    for names, rule in directive_groups():
        options = ", ".join(f":{option}:" for option in rule.options)
        add(
            _names(names),
            paragraph(_sentence(rule.purpose)),
            paragraph(nodes.emphasis("", "Options: "), options),
        )
    for name, purpose in ROLES.items():
        add(_names([name]), paragraph(_sentence(purpose)))
    for label in ("Links", "Images", "Refused"):
        add([nodes.Text(label)], paragraph(RULES[label]))
    return items


class ProseDialectDirective(SphinxDirective):
    """What a record's prose may use, from the lists the checks apply."""

    def run(self) -> list[nodes.Node]:
        return [dialect_list()]


__all__ = ["ProseDialectDirective", "dialect_list", "directive_groups"]
