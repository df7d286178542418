"""``council digest WEEK --send``: post an issue's e-mail edition to the mailing list over SMTP,
once.

The message is the one the site publishes as ``this-week/WEEK.eml`` (``newsletter/mail.py``
makes both). The server is named by environment variables, so that no address or password is
written in the repository; the connection is upgraded with STARTTLS and the server's
certificate checked before the password or the message is sent, unless ``--insecure-no-tls``
says otherwise. What was sent is recorded in ``newsletter/sent/WEEK.json`` (``newsletter/sent.py``),
so that no later run sends it again.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import hashlib
import os
import re
import smtplib
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from ..core.files import WriteFailed
from ..core.project import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from ..newsletter.mailinglist import (
    MailingList,
    address_problem,
    read_mailing_list,
    subscribe_problem,
)
from ..newsletter.sent import AlreadySent, SentRecord, now, sending_lock, write_record

DEFAULT_PORT = 587  # message submission, upgraded with STARTTLS (RFC 6409)
TIMEOUT = 60  # seconds without an answer from the server before giving up
ENVIRONMENT = {
    "COUNCIL_SMTP_HOST": "the SMTP server (required)",
    "COUNCIL_SMTP_PORT": f"its port (default {DEFAULT_PORT})",
    "COUNCIL_SMTP_USER": "the user name to log in with (none: no login)",
    "COUNCIL_SMTP_PASSWORD": "its password",
    "COUNCIL_MAIL_FROM": "the envelope sender (default: the address in the message's From, "
    "council_newsletter_sender)",
    "COUNCIL_MAIL_TO": "the recipient (default: the list's posting address, "
    "council_newsletter_list['post'])",
    "COUNCIL_SMTP_CA_FILE": "a PEM file of the certificate authorities to trust instead of "
    "the system's (a private server's)",
}
_HOST = re.compile(r"[A-Za-z0-9.:\[\]-]+")


def add_send_arguments(parser: argparse.ArgumentParser) -> None:
    """``--send`` and ``--insecure-no-tls`` on ``council digest``."""
    parser.add_argument(
        "--send",
        action="store_true",
        help="send the e-mail edition over SMTP with STARTTLS to the mailing list's posting "
        "address (see the environment variables below), unless it was sent before",
    )
    parser.add_argument(
        "--insecure-no-tls",
        action="store_true",
        help="with --send, send even when the server offers no STARTTLS: the password and the "
        "message cross the network unencrypted",
    )


def environment_help() -> str:
    """What ``--send`` reads, for ``council digest --help``."""
    names = "; ".join(f"{name}: {meaning}" for name, meaning in ENVIRONMENT.items())
    return f"--send reads these environment variables: {names}."


class SendFailed(Exception):
    """The message was not sent; the message names the server and why."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    password: str
    sender: str  # envelope
    recipient: str  # envelope
    ca_file: str

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def mailing_list_of(conf: Mapping[str, Any]) -> tuple[MailingList | None, str, list[str]]:
    """The list and sign-up page ``conf.py`` configures, checked as the build checks them."""
    subscribe = str(conf.get("council_newsletter_subscribe") or "")
    problems = [problem] if (problem := subscribe_problem(subscribe)) else []
    mailing_list, list_problems = read_mailing_list(conf.get("council_newsletter_list"), subscribe)
    return mailing_list, subscribe, problems + list_problems


def smtp_settings(
    environ: Mapping[str, str], message_from: str, list_post: str
) -> tuple[SmtpSettings | None, list[str]]:
    """The server and addresses from the environment, and every problem with them."""

    def get(name: str) -> str:
        return environ.get(name, "").strip()

    problems = []
    host, port_text = get("COUNCIL_SMTP_HOST"), get("COUNCIL_SMTP_PORT") or str(DEFAULT_PORT)
    if not host:
        problems.append("COUNCIL_SMTP_HOST is not set: name the SMTP server to send through")
    elif not _HOST.fullmatch(host):
        problems.append(f"COUNCIL_SMTP_HOST {host!r} is not a host name")
    port = int(port_text) if port_text.isdigit() else 0
    if not 0 < port < 65536:
        problems.append(f"COUNCIL_SMTP_PORT {port_text!r} is not a port number (1 to 65535)")
    user, password = get("COUNCIL_SMTP_USER"), environ.get("COUNCIL_SMTP_PASSWORD", "")
    if bool(user) != bool(password):
        problems.append("set both COUNCIL_SMTP_USER and COUNCIL_SMTP_PASSWORD, or neither")
    sender = get("COUNCIL_MAIL_FROM") or parseaddr(message_from)[1]
    recipient = get("COUNCIL_MAIL_TO") or list_post
    for name, address in (("COUNCIL_MAIL_FROM", sender), ("COUNCIL_MAIL_TO", recipient)):
        if address and (problem := address_problem(address)):
            problems.append(f"{name}: {problem}")
    if not recipient:
        problems.append(
            "no recipient: set the list's posting address (council_newsletter_list's 'post' "
            "in conf.py) or COUNCIL_MAIL_TO"
        )
    ca_file = get("COUNCIL_SMTP_CA_FILE")
    if ca_file and not Path(ca_file).is_file():
        problems.append(f"COUNCIL_SMTP_CA_FILE: no file at {ca_file}")
    if problems:
        return None, problems
    return SmtpSettings(host, port, user, password, sender, recipient, ca_file), []


def deliver(message: bytes, settings: SmtpSettings, *, insecure: bool) -> None:
    """Hand ``message`` to the server; raise SendFailed when it has not accepted it."""
    where = settings.server
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as error:
        raise SendFailed(f"cannot connect to {where}: {_reason(error)}") from error
    try:
        _secure(smtp, settings, insecure)
        if settings.user:
            smtp.login(settings.user, settings.password)
        smtp.sendmail(settings.sender, [settings.recipient], message)
    except SendFailed:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise SendFailed(
            f"{where} refused the user name and password ({_reason(error)})"
        ) from error
    except smtplib.SMTPNotSupportedError as error:
        raise SendFailed(f"{where} does not offer login (AUTH): {_reason(error)}") from error
    except smtplib.SMTPRecipientsRefused as error:
        refused = error.recipients.get(settings.recipient, (0, b""))
        raise SendFailed(
            f"{where} refused the recipient {settings.recipient} ({_reply(*refused)})"
        ) from error
    except smtplib.SMTPSenderRefused as error:
        raise SendFailed(
            f"{where} refused the sender {settings.sender} ({_reason(error)})"
        ) from error
    except smtplib.SMTPDataError as error:
        raise SendFailed(f"{where} refused the message ({_reason(error)})") from error
    except ssl.SSLCertVerificationError as error:
        raise SendFailed(
            f"{where}: its certificate cannot be trusted ({error.verify_message}); for a private "
            "server, set COUNCIL_SMTP_CA_FILE to its certificate authority"
        ) from error
    except (OSError, smtplib.SMTPException) as error:
        raise SendFailed(f"{where}: {_reason(error)}") from error
    finally:
        _close(smtp)


def _secure(smtp: smtplib.SMTP, settings: SmtpSettings, insecure: bool) -> None:
    smtp.ehlo()
    if smtp.has_extn("starttls"):
        context = ssl.create_default_context(cafile=settings.ca_file or None)
        smtp.starttls(context=context)
        smtp.ehlo()
    elif not insecure:
        raise SendFailed(
            f"{settings.server} does not offer STARTTLS, so the password and the message would "
            "cross the network unencrypted. Use a server that offers STARTTLS, or pass "
            "--insecure-no-tls to send without encryption"
        )


def _close(smtp: smtplib.SMTP) -> None:
    # Once the server has accepted the message it is sent, whatever happens on the way out.
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(said.split())}".strip()


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error.smtp_code, error.smtp_error)
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def send_issue(message: bytes, week: str, folder: Path, shown: str, *, insecure: bool) -> int:
    """Send the issue once, record it; say what happened on standard error."""
    parsed = email.message_from_bytes(message, policy=email.policy.SMTP)
    to = parsed["To"] or ""
    settings, problems = smtp_settings(os.environ, str(parsed["From"] or ""), str(to))
    for problem in problems:
        print(f"council digest --send: {problem}", file=sys.stderr)
    if settings is None:
        return EXIT_USAGE
    try:
        with sending_lock(folder, week, shown) as keep:
            deliver(message, settings, insecure=insecure)
            record = SentRecord(
                week,
                str(parsed["Message-ID"]),
                now(),
                settings.recipient,
                hashlib.sha256(message).hexdigest(),
            )
            try:
                write_record(folder, record, shown)
            except WriteFailed as error:
                keep()
                print(
                    f"council digest: {week} was sent {record.describe()}, but its record "
                    f"could not be written ({error}); the lock file stays in {shown} so that "
                    "no run sends it again: write the record, then delete the lock",
                    file=sys.stderr,
                )
                return EXIT_PROBLEMS
    except AlreadySent as error:
        print(f"council digest: {error}; nothing was sent", file=sys.stderr)
        return EXIT_PROBLEMS
    except SendFailed as error:
        print(f"council digest: {week} was not sent: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(
            f"council digest: cannot take the lock in {shown}: {_reason(error)}; nothing was sent",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(
        f"council digest: sent {week} through {settings.server} {record.describe()}; "
        f"recorded in {shown}/{week}.json"
    )
    return EXIT_OK
