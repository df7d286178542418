"""The e-mail edition of an issue: a ready-to-send MIME message, ``multipart/alternative`` with a
wrapped text part and an HTML part whose CSS is inlined (css-inline), as mail clients drop
``<style>`` blocks. No scripts, no images, every link absolute. Pure Python, no Sphinx.

The message is a function of the issue alone: its Message-ID is made from the issue's week and
the site's authority, its Date is the day the issue is sent, and its MIME boundary is a hash of
its content, so a rebuild writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import xml.etree.ElementTree as ET
from email.message import EmailMessage
from email.utils import format_datetime

from .digest import NEWSLETTER, WeeklyDigest
from .mailinglist import MailingList, list_headers
from .outline import IssueAddresses
from .render import Address, digest_html, digest_text

# Readable in every client, light or dark; inlined into each element, so kept to what mail
# clients honour (no variables, no media queries needed).
EMAIL_CSS = """
body { margin: 0; padding: 0; background: #ffffff; color: #1a1a1a; }
.issue { max-width: 40em; margin: 0 auto; padding: 16px;
  font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  font-size: 16px; line-height: 1.5; }
h1 { font-size: 24px; line-height: 1.25; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 24px 0 8px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 17px; margin: 16px 0 4px; }
a { color: #0b5cad; text-decoration: underline; }
ul { padding-left: 20px; margin: 0 0 8px; }
li { margin: 0 0 8px; }
blockquote.editors-note { margin: 16px 0; padding: 4px 16px; border-left: 4px solid #0b5cad;
  background: #f3f6f9; }
p.attribution { font-style: italic; }
p.web { font-size: 14px; color: #444444; }
"""


def sender_of(authority: str, sender: str = "") -> str:
    """The From address: the one configured, else the newsletter at the site's own domain."""
    return sender or f"{NEWSLETTER} <newsletter@{authority}>"


def email_html(
    digest: WeeklyDigest, issue_url: str, address: Address, addresses: IssueAddresses
) -> str:
    """The issue as a whole HTML document with its CSS inlined."""
    import css_inline  # noqa: PLC0415 (only the e-mail edition needs it)

    html = ET.Element("html", lang="en")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    ET.SubElement(head, "title").text = digest.title
    ET.SubElement(head, "style").text = EMAIL_CSS
    body = ET.SubElement(html, "body")
    issue = ET.SubElement(body, "div", {"class": "issue"})
    ET.SubElement(issue, "h1").text = digest.title
    web = ET.SubElement(issue, "p", {"class": "web"})
    web.text = "Read it on the web: "
    ET.SubElement(web, "a", href=issue_url).text = issue_url
    issue.append(ET.fromstring(digest_html(digest, address, addresses)))
    document = "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)
    return str(inliner.inline(document))


def email_message(
    digest: WeeklyDigest,
    issue_url: str,
    address: Address,
    addresses: IssueAddresses,
    authority: str,
    sender: str = "",
    recipient: str = "",
    mailing_list: MailingList | None = None,
) -> bytes:
    """The issue as an RFC 5322 message, CRLF line endings, ready for a mailing list: with a
    list, addressed to its posting address and carrying its ``List-*`` headers, so that the
    message ``council digest --send`` posts is the one the site publishes."""
    text = digest_text(digest, issue_url, address, addresses)
    html = email_html(digest, issue_url, address, addresses)
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = digest.title
    message["From"] = sender_of(authority, sender)
    if recipient or mailing_list:
        message["To"] = recipient or (mailing_list.post if mailing_list else "")
    sent = dt.datetime.combine(digest.sent, dt.time(), tzinfo=dt.UTC)
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<digest-{digest.week}@{authority}>"
    message["Content-Language"] = "en"
    for name, value in list_headers(mailing_list) if mailing_list else ():
        _add_uri_header(message, name, value)
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # "=_" never occurs in quoted-printable text, so no part can contain the boundary.
    content_hash = hashlib.sha256((text + html).encode()).hexdigest()[:32]
    message.set_boundary(f"=_digest-{content_hash}")
    # The List-* headers are written as folded here: left to the policy, a long URI would be
    # folded into RFC 2047 encoded words, which no mail client reads as a URI.
    return message.as_bytes(policy=email.policy.SMTP.clone(refold_source="none"))


def _add_uri_header(message: EmailMessage, name: str, value: str) -> None:
    """Add a header of URIs in angle brackets, folded between them, never inside one (RFC 2369)."""
    uris = value.split(", ")
    one_line = len(name) + 2 + len(value) <= LINE_LENGTH
    message.set_raw(name, value if one_line else ",\n ".join(uris))


LINE_LENGTH = 78  # RFC 5322's recommended limit; a longer URI gets a line of its own
