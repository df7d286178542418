"""``council digest WEEK --send`` against real SMTP servers the tests start on 127.0.0.1
(aiosmtpd), with STARTTLS and a certificate from a test authority (trustme): the list receives
the very ``.eml`` the site publishes, once; a server without STARTTLS, a wrong password, a
refused recipient or no server at all sends and records nothing, and says why."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import ROOTS, editable, sphinx_build
from sphinx_council.cli import main
from sphinx_council.core.files import WriteFailed

# The server without STARTTLS takes a password in clear, to show the client never offers one.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

EPOCH = "1795219200"  # 21 November 2026, the build date of the site and of the command
WEEK = "2026-W42"
USER, PASSWORD = "editor", "correct horse"
LIST_CONF = """
council_newsletter_subscribe = "https://lists.example.org/postorius/lists/this-week.example.org/"
council_newsletter_list = {
    "id": "this-week.example.org",
    "post": "this-week@example.org",
    "unsubscribe": ["mailto:this-week-leave@example.org", "https://lists.example.org/unsub"],
    "archive": "https://lists.example.org/archives/",
}
"""


@dataclass
class Inbox:
    """What an SMTP server received: messages, and every login attempt (with or without TLS)."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[tuple[bytes, bool]] = field(default_factory=list)
    refuse: str = ""  # a recipient the server does not know
    delay: float = 0.0  # seconds to think before accepting a message
    port: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == self.refuse:
            return "550 5.1.1 No such list here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Accepted"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.password, session.ssl is not None))
        known = (data.login, data.password) == (USER.encode(), PASSWORD.encode())
        # handled=False: the server answers a refusal itself (535).
        return AuthResult(success=known, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    ca = trustme.CA()
    pem = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    return ca, pem


@pytest.fixture
def serve(authority: tuple[trustme.CA, Path]) -> Iterator[Any]:
    """Start an SMTP server on 127.0.0.1: with STARTTLS (and login only over TLS) or without."""
    started: list[Controller] = []

    def start(*, starttls: bool = True, **inbox_options: Any) -> Inbox:
        inbox = Inbox(port=free_port(), **inbox_options)
        tls: dict[str, Any] = {}
        if starttls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            authority[0].issue_cert("127.0.0.1").configure_cert(context)
            tls = {"tls_context": context, "require_starttls": True}
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=inbox.port,
            authenticator=inbox.authenticate,
            auth_required=True,
            # Without STARTTLS the server would take a password in clear: the client must not.
            auth_require_tls=starttls,
            **tls,
        )
        controller.start()
        started.append(controller)
        return inbox

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site with its mailing list, built: its sources and the .eml it publishes."""
    work = tmp_path_factory.mktemp("send")
    src = Path(shutil.copytree(ROOTS / "test-newsletter", work / "src"))
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(LIST_CONF)
    result = sphinx_build(src, work / "out", "-W", epoch=EPOCH)
    assert result.returncode == 0, result.stderr
    return work


@pytest.fixture
def project(published: Path, tmp_path: Path) -> Path:
    """A fresh copy of the site's sources, with nothing sent yet."""
    return Path(shutil.copytree(published / "src", tmp_path / "src"))


def environment(inbox: Inbox, ca_file: Path | None, **changes: str) -> dict[str, str]:
    env = {
        "SOURCE_DATE_EPOCH": EPOCH,
        "COUNCIL_SMTP_HOST": "127.0.0.1",
        "COUNCIL_SMTP_PORT": str(inbox.port),
        "COUNCIL_SMTP_USER": USER,
        "COUNCIL_SMTP_PASSWORD": PASSWORD,
        "COUNCIL_SMTP_CA_FILE": str(ca_file) if ca_file else "",
    }
    return {**env, **changes}


def send_argv(project: Path, *more: str) -> list[str]:
    return [
        "digest",
        WEEK,
        "--send",
        "--root",
        str(project),
        "--conf",
        "conf.py",
        "--first-week",
        "2026-W32",
        "--base-url",
        "https://council.example.org/",
        *more,
    ]


@pytest.fixture
def send(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    def run(project: Path, env: dict[str, str], *more: str) -> tuple[int, str, str]:
        for name in ("COUNCIL_MAIL_FROM", "COUNCIL_MAIL_TO"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        code = main(send_argv(project, *more))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def lines(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def sent_files(project: Path) -> list[str]:
    folder = project / "newsletter" / "sent"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_list_receives_the_published_eml_once(
    serve: Any, authority: tuple[trustme.CA, Path], published: Path, project: Path, send: Any
) -> None:
    inbox = serve()
    env = environment(inbox, authority[1])
    code, out, err = send(project, env)
    assert code == 0, err
    eml = (published / "out" / "this-week" / f"{WEEK}.eml").read_bytes()
    ((sender, recipients, received),) = inbox.messages
    assert lines(received) == lines(eml)
    assert (sender, recipients) == ("newsletter@council.example.org", ["this-week@example.org"])
    assert inbox.logins == [(PASSWORD.encode(), True)]  # the password only inside TLS
    record = (project / "newsletter" / "sent" / f"{WEEK}.json").read_text("utf-8")
    assert '"message_id": "<digest-2026-W42@council.example.org>"' in record
    assert '"server"' not in record and "127.0.0.1" not in record  # the server stays private
    assert '"to": "this-week@example.org"' in record
    assert (
        f"sent {WEEK} through 127.0.0.1:{inbox.port} on " in out
        and f"recorded in {project}/newsletter/sent/{WEEK}.json" in out
    )
    assert sent_files(project) == [f"{WEEK}.json"]  # the lock is gone

    code, out, err = send(project, env)
    assert code == 1
    assert f"{WEEK} was already sent on " in err
    assert (
        " to this-week@example.org (Message-ID <digest-2026-W42@council.example.org>); "
        "nothing was sent"
    ) in err
    assert len(inbox.messages) == 1


def test_two_runs_at_once_send_one_message(
    serve: Any, authority: tuple[trustme.CA, Path], project: Path
) -> None:
    inbox = serve(delay=3.0)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    env |= environment(inbox, authority[1])
    command = [sys.executable, "-m", "sphinx_council.cli", *send_argv(project)]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    errors = [run.communicate(timeout=60)[1].decode() for run in runs]
    results = sorted(zip((run.returncode for run in runs), errors, strict=True))
    assert [code for code, _ in results] == [0, 1]
    assert (
        f"another run is sending {WEEK} (lock file {project}/newsletter/sent/.{WEEK}.lock)"
        in results[1][1]
    ) or f"{WEEK} was already sent on " in results[1][1]
    assert len(inbox.messages) == 1


def test_a_lock_left_by_another_run_refuses(
    serve: Any, authority: tuple[trustme.CA, Path], project: Path, send: Any
) -> None:
    inbox = serve()
    (project / "newsletter" / "sent").mkdir(parents=True)
    (project / "newsletter" / "sent" / f".{WEEK}.lock").write_text("pid 1\n", "utf-8")
    code, _, err = send(project, environment(inbox, authority[1]))
    assert code == 1
    assert (
        f"another run is sending {WEEK} (lock file {project}/newsletter/sent/.{WEEK}.lock); " in err
    )
    assert inbox.messages == [] and inbox.logins == []


def test_a_record_that_cannot_be_read_still_counts_as_sent(
    serve: Any, authority: tuple[trustme.CA, Path], project: Path, send: Any
) -> None:
    inbox = serve()
    (project / "newsletter" / "sent").mkdir(parents=True)
    (project / "newsletter" / "sent" / f"{WEEK}.json").write_text("{not json", "utf-8")
    code, _, err = send(project, environment(inbox, authority[1]))
    assert code == 1
    assert f"{project}/newsletter/sent/{WEEK}.json exists but cannot be read (" in err
    assert "it may record a sending. Check the list's archive, then fix or delete the file" in err
    assert inbox.messages == []


def test_a_message_sent_but_not_recorded_keeps_the_lock(
    serve: Any,
    authority: tuple[trustme.CA, Path],
    project: Path,
    send: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full_disk(*args: object) -> None:
        raise WriteFailed(
            "newsletter/sent/2026-W42.json cannot be written: No space left on device"
        )

    monkeypatch.setattr("sphinx_council.cli.send.write_record", full_disk)
    inbox = serve()
    env = environment(inbox, authority[1])
    code, _, err = send(project, env)
    assert code == 1
    assert f"council digest: {WEEK} was sent on " in err
    assert (
        "but its record could not be written (newsletter/sent/2026-W42.json cannot be written: "
        in err
    )
    assert "the lock file stays in" in err
    assert sent_files(project) == [f".{WEEK}.lock"]
    code, _, err = send(project, env)
    assert code == 1 and f"another run is sending {WEEK}" in err
    assert len(inbox.messages) == 1


def test_a_server_without_starttls_gets_neither_password_nor_message(
    serve: Any, project: Path, send: Any
) -> None:
    inbox = serve(starttls=False)
    code, _, err = send(project, environment(inbox, None))
    assert code == 1
    assert (
        f"{WEEK} was not sent: 127.0.0.1:{inbox.port} does not offer STARTTLS, so the password "
        "and the message would cross the network unencrypted. Use a server that offers "
        "STARTTLS, or pass --insecure-no-tls to send without encryption"
    ) in err
    assert inbox.messages == [] and inbox.logins == []
    assert sent_files(project) == []


def test_without_tls_only_when_told(serve: Any, project: Path, send: Any) -> None:
    inbox = serve(starttls=False)
    code, _, err = send(project, environment(inbox, None), "--insecure-no-tls")
    assert code == 0, err
    assert inbox.logins == [(PASSWORD.encode(), False)]
    assert len(inbox.messages) == 1
    assert sent_files(project) == [f"{WEEK}.json"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"COUNCIL_SMTP_PASSWORD": "wrong"},
            "refused the user name and password (535 5.7.8 Authentication credentials invalid)",
        ),
        (
            {"COUNCIL_MAIL_TO": "nobody@example.org"},
            "refused the recipient nobody@example.org (550 5.1.1 No such list here)",
        ),
        ({"COUNCIL_SMTP_CA_FILE": ""}, "its certificate cannot be trusted ("),
    ],
    ids=["password", "recipient", "certificate"],
)
def test_a_refusal_sends_and_records_nothing(
    serve: Any,
    authority: tuple[trustme.CA, Path],
    project: Path,
    send: Any,
    change: dict[str, str],
    expected: str,
) -> None:
    inbox = serve(refuse="nobody@example.org")
    code, _, err = send(project, environment(inbox, authority[1], **change))
    assert code == 1
    assert f"council digest: {WEEK} was not sent: 127.0.0.1:{inbox.port}" in err
    assert expected in err
    assert "Traceback" not in err
    assert inbox.messages == []
    assert sent_files(project) == []


def test_no_server_sends_and_records_nothing(
    authority: tuple[trustme.CA, Path], project: Path, send: Any
) -> None:
    port = free_port()
    code, _, err = send(project, environment(Inbox(port=port), authority[1]))
    assert code == 1
    assert f"{WEEK} was not sent: cannot connect to 127.0.0.1:{port}: Connection refused" in err
    assert sent_files(project) == []


def test_every_problem_with_the_settings_at_once(project: Path, send: Any) -> None:
    code, _, err = send(
        project,
        {
            "SOURCE_DATE_EPOCH": EPOCH,
            "COUNCIL_SMTP_HOST": "",
            "COUNCIL_SMTP_PORT": "smtp",
            "COUNCIL_SMTP_USER": USER,
            "COUNCIL_SMTP_PASSWORD": "",
            "COUNCIL_MAIL_FROM": "newsletter at example.org",
            "COUNCIL_SMTP_CA_FILE": "/nowhere/ca.pem",
        },
    )
    assert code == 2
    assert err.splitlines()[-5:] == [
        "council digest --send: COUNCIL_SMTP_HOST is not set: name the SMTP server to send through",
        "council digest --send: COUNCIL_SMTP_PORT 'smtp' is not a port number (1 to 65535)",
        "council digest --send: set both COUNCIL_SMTP_USER and COUNCIL_SMTP_PASSWORD, or neither",
        "council digest --send: COUNCIL_MAIL_FROM: 'newsletter at example.org' is not an "
        "e-mail address such as list@example.org",
        "council digest --send: COUNCIL_SMTP_CA_FILE: no file at /nowhere/ca.pem",
    ]
    assert sent_files(project) == []


def test_send_takes_no_output_or_other_format(project: Path, send: Any) -> None:
    code, _, err = send(project, {"SOURCE_DATE_EPOCH": EPOCH}, "--output", "x.eml")
    assert code == 2
    assert "--send sends the e-mail edition; leave out --output and --format" in err


def test_the_help_names_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["digest", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for name in (
        "COUNCIL_SMTP_HOST",
        "COUNCIL_SMTP_PORT",
        "COUNCIL_SMTP_USER",
        "COUNCIL_SMTP_PASSWORD",
        "COUNCIL_MAIL_FROM",
        "COUNCIL_MAIL_TO",
        "COUNCIL_SMTP_CA_FILE",
        "--insecure-no-tls",
    ):
        assert name in shown


def test_without_a_list_or_recipient_nothing_is_sent(
    tmp_path: Path, serve: Any, authority: tuple[trustme.CA, Path], send: Any
) -> None:
    project = Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "plain"))
    inbox = serve()
    code, _, err = send(project, environment(inbox, authority[1]))
    assert code == 2
    assert (
        "council digest --send: no recipient: set the list's posting address "
        "(council_newsletter_list's 'post' in conf.py) or COUNCIL_MAIL_TO"
    ) in err
    assert inbox.messages == []


def test_a_list_unfit_for_headers_stops_the_command(project: Path, send: Any) -> None:
    conf = editable(project / "conf.py").replace('"post": "this-week@example.org"', '"post": ""')
    (project / "conf.py").write_text(conf, "utf-8")
    code, _, err = send(project, {"SOURCE_DATE_EPOCH": EPOCH})
    assert code == 2
    assert (
        "council digest: conf.py: council_newsletter_list: 'post': '' is not an e-mail address "
        "such as list@example.org"
    ) in err
    assert sent_files(project) == []
