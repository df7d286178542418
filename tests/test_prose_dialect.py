"""A record's prose is a dialect (decisions/dialect.py): what it refuses is reported with file
and line by council check and the build alike (council.prose, council.link), and the build
never runs it: no template, file read, fetch or live javascript: link, even without -W."""

from __future__ import annotations

import http.server
import re
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from myst_parser.parsers.options import TokenizeError, options_to_tokens

from conftest import CONF, RECORD, sphinx_build, write_site
from sphinx_council.cli import main
from sphinx_council.decisions.dialect import (
    DIRECTIVES,
    ROLES,
    directive_head_problems,
    read_directive,
)
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.prose import prose_problems
from sphinx_council.guide.dialect_list import dialect_list

TEMPLATE = "is not allowed in a record: MyST would run it as a template when the site is built"
INCLUDE = (
    "directive {include} is not allowed in a record: it copies another file into the page; "
    "write the text in the record"
)
LITERALINCLUDE = "directive {literalinclude} is not allowed in a record: it copies another file"
CSV = (
    "directive {csv-table} is not allowed in a record: it can read its rows from a file or "
    "fetch them from an address; write a Markdown table or a {list-table}"
)
RAW = "directive {raw} is not allowed in a record: it copies its content into the page unchecked"
EVAL_RST = (
    "directive {eval-rst} is not allowed in a record: its content is read as reStructuredText"
)
DOWNLOAD = (
    "role {download} is not allowed in a record: it publishes a file from the machine that "
    "builds the site; link to the file's https: address"
)
NOT_HTTPS = "is not an https: link; only https: (and http:) URLs are accepted"
DOTDOT = "'..' leads out of the record's folder"
ABSOLUTE = "an absolute path leads out of the record's folder"
ADDRESS_IMAGE = "an image is a file stored with the record, never an address the build fetches"


def problems(prose: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.message, p.check.value) for p in prose_problems("r.md", prose)]


# Each snippet with what it must be refused for: (line, distinctive part, check), all of them
# and nothing else.
HOSTILE = {
    # Substitutions: inline, a block, over two lines, in an admonition's title and a caption.
    "template": ("{{ lipsum.__globals__['os'].popen('id').read() }}\n", [(1, TEMPLATE, "prose")]),
    "template block": (
        "Text.\n\n{{ env.config }}\n",
        [(3, "substitution {{ env.config }}", "prose")],
    ),
    "template over lines": ("A {{\n os }} b\n", [(1, "substitution {{ os }}", "prose")]),
    "template in a title": ("```{admonition} See {{ x }}\n```\n", [(1, TEMPLATE, "prose")]),
    # Directives that read files, fetch addresses or pass markup through, however fenced.
    "include": ("```{include} /etc/passwd\n```\n", [(1, INCLUDE, "prose")]),
    "include, tilde fence": ("~~~{include} /etc/passwd\n~~~\n", [(1, INCLUDE, "prose")]),
    "include, long fence": ("````{include} x\n````\n", [(1, INCLUDE, "prose")]),
    "include, colon fence": ("Text.\n\n:::{include} x\n:::\n", [(3, INCLUDE, "prose")]),
    "include, upper case": (
        "```{INCLUDE} x\n```\n",
        [(1, "directive {INCLUDE} is not allowed", "prose")],
    ),
    "include, tab": ("```{include}\t/etc/passwd\n```\n", [(1, INCLUDE, "prose")]),
    "include in a list": ("- item\n\n  ```{include} x\n  ```\n", [(3, INCLUDE, "prose")]),
    "include in a quote": ("> ```{include} x\n> ```\n", [(1, INCLUDE, "prose")]),
    "literalinclude": ("```{literalinclude} ../../secret\n```\n", [(1, LITERALINCLUDE, "prose")]),
    "csv-table file": ("```{csv-table}\n:file: /etc/passwd\n```\n", [(1, CSV, "prose")]),
    "csv-table url": ("```{csv-table}\n:url: http://127.0.0.1/\n```\n", [(1, CSV, "prose")]),
    "raw url": ("```{raw} html\n:url: http://127.0.0.1/\n```\n", [(1, RAW, "prose")]),
    "eval-rst": ("```{eval-rst}\n.. include:: /etc/passwd\n```\n", [(1, EVAL_RST, "prose")]),
    "eval-rst, colon fence": (":::{eval-rst}\n.. raw:: html\n:::\n", [(1, EVAL_RST, "prose")]),
    "domain directive": (
        "```{rst:directive} x\n```\n",
        [
            (
                1,
                "directive {rst:directive} is not allowed in a record; a record may use {admonition}",
                "prose",
            )
        ],
    ),
    "toctree": (
        "```{toctree}\n/etc/passwd\n```\n",
        [(1, "directive {toctree} is not allowed", "prose")],
    ),
    "nameless": ("```{}\n```\n", [(1, "directive {} is not allowed", "prose")]),
    # Directives nested inside allowed ones, found at their own line.
    "in a note": (":::{note}\nText.\n\n```{include} x\n```\n:::\n", [(4, INCLUDE, "prose")]),
    "two deep": ("::::{note}\n:::{warning}\n{download}`x`\n:::\n::::\n", [(3, DOWNLOAD, "prose")]),
    "in a caption": (
        "```{figure} a.png\n\nCaption {download}`../x`.\n```\n",
        [(3, DOWNLOAD, "prose")],
    ),
    "in an option": (
        "```{code-block} python\n:caption: {{ x }}\n\nprint()\n```\n",
        [(2, TEMPLATE, "prose")],
    ),
    "too deep": (
        "".join(f"{':' * (20 - i)}{{note}}\n" for i in range(12))
        + "x\n"
        + "".join(f"{':' * (9 + i)}\n" for i in range(12)),
        [
            (
                9,
                "the prose nests directives and ::: blocks more than 8 levels deep; write it flatter",
                "prose",
            )
        ],
    ),
    # Options off the list, however written; targets that are not https: links.
    "option": (
        ":::{note}\n:class: x\n:file: /etc/passwd\nText\n:::\n",
        [
            (
                3,
                "option :file: of {note} is not allowed in a record; {note} takes :class:, :name:",
                "prose",
            )
        ],
    ),
    "option block": (
        "```{figure} a.png\n---\nalt: A\nurl: http://127.0.0.1/\n---\n```\n",
        [(4, "option :url: of {figure} is not allowed", "prose")],
    ),
    "quoted option": (
        '```{image} a.png\n---\n"\\x66ile": x\n---\n```\n',
        [(3, "option :\\x66ile: of {image} is not allowed", "prose")],
    ),
    "target javascript": (
        "```{figure} a.png\n:target: javascript:alert(1)\n```\n",
        [(2, f"option :target: of {{figure}}: 'javascript:alert(1)' {NOT_HTTPS}", "link")],
    ),
    "target upper case": (
        "```{image} a.png\n:target: JAVASCRIPT:alert(1)\n```\n",
        [(2, NOT_HTTPS, "link")],
    ),
    "target data": (
        "```{image} a.png\n:target: data:text/html,<script>x</script>\n```\n",
        [(2, NOT_HTTPS, "link")],
    ),
    "target relative": ("```{image} a.png\n:target: other.html\n```\n", [(2, NOT_HTTPS, "link")]),
    "target block scalar": (
        "```{image} a.png\n---\ntarget: |\n  javascript:alert(1)\n---\n```\n",
        [(3, "contains U+000A", "link")],
    ),
    "target local": (
        "```{image} a.png\n:target: https://127.0.0.1/\n```\n",
        [(2, "names its site by a numeric address (127.0.0.1)", "link")],
    ),
    # Images: files stored with the record, never an address or a path out of its folder.
    "image up": (
        "![x](../../secret.png)\n",
        [
            (
                1,
                f"image '../../secret.png' is not allowed in a record: {DOTDOT}; save the image under decisions/ and give its path from the record's folder",
                "prose",
            )
        ],
    ),
    "image up, encoded": ("![x](%2e%2e/secret.png)\n", [(1, DOTDOT, "prose")]),
    "image absolute": ("![x](/etc/passwd)\n", [(1, ABSOLUTE, "prose")]),
    "image address": ("![x](http://127.0.0.1:8000/x.png)\n", [(1, ADDRESS_IMAGE, "prose")]),
    "image data": ("![x](data:image/png;base64,AAAA)\n", [(1, ADDRESS_IMAGE, "prose")]),
    "image file": ("![x](file:///etc/passwd)\n", [(1, ADDRESS_IMAGE, "prose")]),
    "image backslash": ("![x](..\\\\secret.png)\n", [(1, "it holds a backslash", "prose")]),
    "image directive up": ("```{image} ../secret.png\n```\n", [(1, DOTDOT, "prose")]),
    "figure address": (
        "```{figure} https://example.org/a.png\n```\n",
        [(1, ADDRESS_IMAGE, "prose")],
    ),
    # Links: https: and http: addresses, or paths beside the record.
    "javascript": (
        "[x](javascript:alert(1))\n",
        [(1, f"link 'javascript:alert(1)' {NOT_HTTPS}", "link")],
    ),
    "javascript, upper case": ("[x](JAVASCRIPT:alert(1))\n", [(1, NOT_HTTPS, "link")]),
    "javascript, entity": (
        "[x](jav&#x61;script&colon;alert(1))\n",
        [(1, f"link 'javascript:alert(1)' {NOT_HTTPS}", "link")],
    ),
    "javascript, spaced": ("[x](<java script:alert(1)>)\n", [(1, "contains a space", "link")]),
    "javascript, tab": ("[x](java%09script:alert(1))\n", [(1, "contains a space", "link")]),
    "javascript, autolink": ("<javascript:alert(1)>\n", [(1, NOT_HTTPS, "link")]),
    "javascript, definition": (
        "See [x][r].\n\n[r]: javascript:alert(1)\n",
        [(3, NOT_HTTPS, "link")],
    ),
    "vbscript": ("[x](vbscript:msgbox)\n", [(1, NOT_HTTPS, "link")]),
    "file": ("[x](file:///etc/passwd)\n", [(1, NOT_HTTPS, "link")]),
    "mailto": ("[x](mailto:a@example.org)\n", [(1, NOT_HTTPS, "link")]),
    "no scheme": ("[x](//evil.example/x)\n", [(1, NOT_HTTPS, "link")]),
    "path up": (
        "[x](../../secret)\n",
        [
            (
                1,
                f"link '../../secret' is not allowed in a record: {DOTDOT}; link to another page with {{doc}}`../page` or to another record with {{decision}}`PC-0001`",
                "link",
            )
        ],
    ),
    "path up, encoded": ("[x](%2E%2E/%2e%2e/secret)\n", [(1, DOTDOT, "link")]),
    "path absolute": ("[x](/etc/passwd)\n", [(1, ABSOLUTE, "link")]),
    "local host": (
        "[x](https://127.0.0.1/admin)\n",
        [(1, "names its site by a numeric address (127.0.0.1)", "link")],
    ),
    # Roles off the list.
    "download": ("{download}`../../secret`\n", [(1, DOWNLOAD, "prose")]),
    "download, upper case": (
        "{DOWNLOAD}`x`\n",
        [(1, "role {DOWNLOAD} is not allowed in a record: it publishes a file", "prose")],
    ),
    "eval-rst role": (
        "{eval-rst}`:download:\\`x\\``\n",
        [
            (
                1,
                "role {eval-rst} is not allowed in a record: its text is read as reStructuredText",
                "prose",
            )
        ],
    ),
    "domain role": (
        "{py:func}`x`\n",
        [
            (
                1,
                "role {py:func} is not allowed in a record; a record may use {abbr}, {decision}, {doc}, {kbd}, {pep}, {ref}, {sub}, {sup}",
                "prose",
            )
        ],
    ),
    "substitution role": ("{sub-ref}`today`\n", [(1, "role {sub-ref} is not allowed", "prose")]),
    # Characters that are not text, anywhere in the prose, code included.
    "bell": (
        "Ring \x07 here\n",
        [(1, "the prose contains U+0007 (BELL), a control character; remove it", "prose")],
    ),
    "null in code": (
        "```\nx\x00\n```\n",
        [(2, "the prose contains U+0000 (NULL), a control character", "prose")],
    ),
    "escape": (
        "A\n\x1b[2J\n",
        [(2, "the prose contains U+001B (ESCAPE), a control character", "prose")],
    ),
    "override": (
        "Say \u202eevil\n",
        [(1, "which reorders the text around it; remove it", "prose")],
    ),
    "lone carriage return": ("A\rB\n", [(1, "U+000D", "prose")]),
    "line separator": (
        "A\u2028B\n",
        [(1, "U+2028 (LINE SEPARATOR), a control character", "prose")],
    ),
}


@pytest.mark.parametrize(("prose", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_each_hostile_construct_is_refused_at_its_line(
    prose: str, expected: list[tuple[int, str, str]]
) -> None:
    found = problems(prose)
    assert len(found) == len(expected), found
    for (line, part, check), (got_line, message, got_check) in zip(expected, found, strict=True):
        assert (got_line, got_check) == (line, check), found
        assert part in message, found


ALLOWED = {
    "markdown": "# H\n\n## Context\n\n- a\n- *b* **c**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote[^1]\n\n[^1]: note\n",
    "code keeps its text": "```python\nx = '{{ y }}'\n```\n\n```{code-block} jinja\n{{ x }} {include}\n```\n\nAnd `{{ x }}` in code.\n",
    "roles": "{pep}`8`, {PEP}`text <621#spec>`, {decision}`PC-0001`, {doc}`../about`, {abbr}`PC (council)`\n",
    "admonitions": ":::{note}\n:class: tip\nA {pep}`8` note.\n:::\n\n```{admonition} Title with {pep}`8`\nBody.\n```\n",
    "figure": "```{figure} images/diagram.png\n:alt: A diagram\n:target: https://example.org/diagram\n:width: 50%\n\nThe caption.\n```\n",
    "images": "![A](images/a.png) ![B](b.png){width=10}\n",
    "links": "[n](0002-next.md) [s](0002-next.md#context) [a](#context) [p](https://www.python.org/) <https://peps.python.org/>\n\n[r]: https://example.org/\n",
    "tables": "```{list-table} T\n:header-rows: 1\n\n* - a\n  - b\n```\n",
    "plain colon block": ":::aside\nText with {pep}`8`.\n:::\n",
    "tabs and crlf": "A\ttab.\r\nNext line.\r\n",
}


@pytest.mark.parametrize("prose", ALLOWED.values(), ids=ALLOWED.keys())
def test_what_a_decision_needs_is_allowed(prose: str) -> None:
    assert problems(prose) == []


# Option blocks that MyST reads as holding an option a figure may not take, written to find
# where MyST's reading and the dialect's could part: quoted and escaped keys, indentation,
# values over several lines, and line breaks other than "\n".
OPTION_BLOCKS = [
    ":alt: a\n:file: b\n",
    "---\nalt: a\n  file: b\nurl: c\n---\n",
    '---\n"\\x66ile": x\n---\n',
    "---\n'fi''le': x\n---\n",
    "---\n  file: x\n  url: y\n---\n",
    "---\na: |\n  file: x\ntarget: y\n---\n",
    "---\nfile : x\n---\n",
    "---\nalt: a\x85file: b\n---\n",
]


def _myst_keys(content: str) -> set[str]:
    if content.startswith("---"):
        lines = content.splitlines()[1:]
        block = "\n".join(
            lines[: next((i for i, x in enumerate(lines) if x.startswith("---")), len(lines))]
        )
    else:
        block = "\n".join(
            line.lstrip()[1:] for line in content.splitlines() if line.lstrip().startswith(":")
        )
    try:
        tokens, _ = options_to_tokens(textwrap.dedent(block))
    except TokenizeError:
        return set()
    return {key.value for key, _ in tokens}


@pytest.mark.parametrize("content", OPTION_BLOCKS)
def test_an_option_myst_would_read_off_the_list_is_refused(content: str) -> None:
    """Where MyST reads an option the figure may not take, the dialect refuses the figure,
    however the option was written."""
    assert not _myst_keys(content) <= set(DIRECTIVES["figure"].options)
    directive = read_directive("figure", "a.png", content + "Body\n")
    assert directive_head_problems(directive)


def test_the_guide_lists_every_directive_option_and_role() -> None:
    shown = dialect_list().astext()
    for name, rule in DIRECTIVES.items():
        assert f"{{{name}}}" in shown
        assert ", ".join(f":{option}:" for option in rule.options) in shown
    for name in ROLES:
        assert f"{{{name}}}" in shown
    assert "{{ ... }}" in shown and "{include}" in shown


# --- the build and council check -----------------------------------------------------------

SOURCE = "decisions/0101-example.md"
SECRET = "TOP-SECRET-CONTENT-4711"
# The line of the test record's first sentence, which the tests below replace.
PROSE_LINE = RECORD.split("\n").index("Tests need a decision.") + 1


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = b"FETCHED-CONTENT,FETCHED\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the requests, not a log."""


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine that records every request it gets."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def hostile_prose(root: Path, address: str) -> str:
    marker = root / "MARKER"
    return f"""\
## Context

Run {{{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}}} now.

```{{include}} {root / "secret"}
```

```{{literalinclude}} ../../secret
```

```{{csv-table}} From a file
:file: ../../secret
```

```{{csv-table}} From an address
:url: {address}/table.csv
```

```{{raw}} html
:url: {address}/raw.html
```

Get {{download}}`../../secret`.

![Up](../../secret.png)

![Fetched]({address}/fetched.png)

```{{figure}} diagram.png
:target: javascript:alert(1)
```

[Click](javascript:alert(2)) and <javascript:alert(3)>.

```{{eval-rst}}
.. include:: ../../secret
```

::::{{warning}}
:::{{note}}
:::{{include}} ../../secret
:::
```{{literalinclude}} ../../secret
```
::::

## Decision
"""


def hostile_site(root: Path, address: str, conf: str = "") -> Path:
    (root / "secret").write_text(SECRET + "\n", "utf-8")
    (root / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    body = "## Context\n\nTests need a decision.\n\n## Decision\n"
    front = "myst:\n  enable_extensions: [substitution]\n  substitutions: {x: y}\nid: PC-0101"
    text = RECORD.replace(body, hostile_prose(root, address)).replace("id: PC-0101", front)
    src = write_site(root / "src", {"0101-example.md": text}, extra={"conf.py": CONF + conf})
    (src / "decisions" / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return src


SUBSTITUTING = (
    'myst_enable_extensions = ["colon_fence", "substitution"]\n'
    'myst_substitutions = {"greeting": "Hello from conf.py"}\n'
)


def council_lines(stderr: str) -> set[tuple[int, str]]:
    """(line, 'message [council.x]') of each council warning about the record."""
    found = re.findall(r"0101-example\.md:(\d+): WARNING: (.*\[council\.\w+\])", stderr)
    return {(int(line), text) for line, text in found}


def test_the_build_runs_reads_and_fetches_nothing_and_check_agrees(
    tmp_path: Path,
    server: tuple[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, requests = server
    src = hostile_site(tmp_path, address, SUBSTITUTING)
    out = tmp_path / "out"
    result = sphinx_build(src, out)
    page = (out / "decisions" / "0101-example.html").read_text("utf-8")

    assert not (tmp_path / "MARKER").exists()
    assert requests == []
    assert SECRET not in page and "FETCHED" not in page
    assert not (out / "_downloads").exists()
    assert not any("secret" in p.name for p in (out / "_images").glob("*"))
    assert not re.search(r"(href|src)=\"\s*(javascript|data):", page, re.I)
    assert "lipsum." in page and "popen(" in page  # shown as text, never run
    assert "```{include}" in page and "{download}`../../secret`" in page  # shown as code

    warned = council_lines(result.stderr)
    text = (src / "decisions" / "0101-example.md").read_text("utf-8").split("\n")

    def at(start: str, nth: int = 0) -> int:
        return [i for i, line in enumerate(text, 1) if line.startswith(start)][nth]

    expected = [
        (at("Run {{"), TEMPLATE),
        (at("```{include}"), INCLUDE),
        (at("```{literalinclude}"), LITERALINCLUDE),
        (at("```{csv-table} From a file"), CSV),
        (at("```{csv-table} From an address"), CSV),
        (at("```{raw}"), RAW),
        (at("Get {download}"), DOWNLOAD),
        (at("![Up]"), f"image '../../secret.png' is not allowed in a record: {DOTDOT}"),
        (at("![Fetched]"), ADDRESS_IMAGE),
        (
            at(":target: javascript"),
            f"option :target: of {{figure}}: 'javascript:alert(1)' {NOT_HTTPS}",
        ),
        (at("[Click]"), f"link 'javascript:alert(2)' {NOT_HTTPS}"),
        (at("[Click]"), f"link 'javascript:alert(3)' {NOT_HTTPS}"),
        (at("```{eval-rst}"), EVAL_RST),
        (at(":::{include}"), INCLUDE),
        (at("```{literalinclude}", 1), LITERALINCLUDE),
        (at("myst:"), "unknown field 'myst'"),
    ]
    for line, part in expected:
        assert any(got == line and part in message for got, message in warned), (line, part, warned)

    monkeypatch.chdir(src)
    assert main(["check", "--conf", "conf.py", "--roster", "roster.yaml", "--no-cache"]) == 1
    checked = {
        (int(line), message)
        for line, message in re.findall(r"0101-example\.md:(\d+): (.*)", capsys.readouterr().out)
    }
    assert checked == warned


def test_records_never_get_substitutions_while_the_project_s_pages_keep_them(
    tmp_path: Path,
) -> None:
    """A foreign project that enables substitutions keeps them on its own pages; a record's
    {{ }} stays text, and the record's own myst: front matter cannot turn them on."""
    index = "# Test site\n\n{{ greeting }}\n\n```{toctree}\ndecisions-index\n```\n"
    body = "## Context\n\nTests need a decision.\n"
    record = RECORD.replace(body, "## Context\n\nSay {{ greeting }} and {{ x }}.\n").replace(
        "id: PC-0101", "myst:\n  substitutions: {x: injected}\nid: PC-0101"
    )
    src = write_site(
        tmp_path / "src",
        {"0101-example.md": record},
        extra={"conf.py": CONF + SUBSTITUTING, "index.md": index},
    )
    out = tmp_path / "out"
    sphinx_build(src, out)
    assert "Hello from conf.py" in (out / "index.html").read_text("utf-8")
    page = (out / "decisions" / "0101-example.html").read_text("utf-8")
    assert "Hello from conf.py" not in page and "injected" not in page
    assert "Say {{ greeting }} and {{ x }}." in page


def test_a_minus_w_build_fails_on_a_refused_construct(tmp_path: Path) -> None:
    body = "## Context\n\nTests need a decision.\n"
    record = RECORD.replace(body, "## Context\n\n```{include} ../conf.py\n```\n")
    src = write_site(tmp_path / "src", {"0101-example.md": record})
    result = sphinx_build(src, tmp_path / "out", "-W")
    assert result.returncode != 0
    assert f"0101-example.md:{PROSE_LINE}: WARNING: {INCLUDE} [council.prose]" in result.stderr


def test_an_image_that_is_a_link_out_of_the_records_folder_is_not_published(
    tmp_path: Path,
) -> None:
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    body = "## Context\n\nTests need a decision.\n"
    record = RECORD.replace(body, "## Context\n\n![Linked](linked.png)\n")
    src = write_site(tmp_path / "src", {"0101-example.md": record})
    (src / "decisions" / "linked.png").symlink_to(tmp_path / "secret.png")
    out = tmp_path / "out"
    result = sphinx_build(src, out)
    assert (
        f"0101-example.md:{PROSE_LINE}: WARNING: image 'linked.png' is a link to a file outside the "
        "records' folder; store the file itself under decisions/ [council.prose]"
    ) in result.stderr
    assert not (out / "_images").exists() or not list((out / "_images").glob("*"))


def test_load_decision_reports_prose_problems_with_the_record_s_own() -> None:
    text = RECORD.replace("Tests need a decision.", "Tests need {download}`x`.")
    record, found = load_decision(SOURCE, text)
    assert record is not None and record.id == "PC-0101"
    assert [str(p) for p in found] == [f"{SOURCE}:{PROSE_LINE}: {DOWNLOAD}"]


def test_prose_is_checked_even_when_the_front_matter_is_not_a_record() -> None:
    """The page shows the prose whatever the front matter holds, so every problem is
    reported at once: a missing or broken front matter does not hide the prose's."""
    _, missing = load_decision(SOURCE, "# A page\n\n{{ x }}\n")
    assert [(p.line, p.check.value) for p in missing] == [(1, "yaml"), (3, "prose")]
    broken = RECORD.replace("title: Adopt", "title: [Adopt").replace(
        "Tests need a decision.", "Tests need {download}`x`."
    )
    _, found = load_decision(SOURCE, broken)
    assert str(found[-1]) == f"{SOURCE}:{PROSE_LINE}: {DOWNLOAD}"
    assert found[0].check.value == "yaml"


def test_deep_nesting_is_refused_and_never_crashes_the_build(tmp_path: Path) -> None:
    """Three hundred ::: blocks, one in another: parsed again at each level, they would
    exhaust the stack; the check refuses them and the page shows the deep part as code."""
    depth = 300
    opening = "".join(":" * (depth + 3 - i) + "aside\n" for i in range(depth))
    closing = "".join(":" * (4 + i) + "\n" for i in range(depth))
    body = "## Context\n\nTests need a decision.\n"
    record = RECORD.replace(body, f"## Context\n\n{opening}x\n{closing}")
    conf = CONF + 'myst_enable_extensions = ["colon_fence"]\n'
    src = write_site(tmp_path / "src", {"0101-example.md": record}, extra={"conf.py": conf})
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    line = PROSE_LINE + 8
    message = "the prose nests directives and ::: blocks more than 8 levels deep; write it flatter"
    assert result.stderr.endswith(f"0101-example.md:{line}: WARNING: {message} [council.prose]\n")
    _, found = load_decision(SOURCE, record)
    assert [str(p) for p in found] == [f"{SOURCE}:{line}: {message}"]
