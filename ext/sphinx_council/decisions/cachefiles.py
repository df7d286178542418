"""The files of ``council check``'s cache folder: signed by this checkout, read with care.

A cache is a claim that a record has no problems, so a cache that arrives with the project
(committed, in a pull request, copied from elsewhere) must never be believed. Every payload is
therefore signed with HMAC-SHA256 under a key that only this checkout on this machine can
compute: a random secret written once into ``key`` in the cache folder, combined with that
file's identity here (device, inode and change time in nanoseconds). A clone or a copy
recreates the file, with an identity its author could not predict, so even a committed secret
signs nothing; an edited payload fails the signature. The signature is verified before anything
is unpickled, and the unpickler still accepts only this package's record types. A file that is
a link, a pipe or a device is never read, and never written through.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import os
import pickle
import stat
from pathlib import Path

from ..core.files import write_bytes_atomically

KEY_FILE = "key"
KEY_BYTES = 32
SIGNATURE_BYTES = 32
# Far above what 10,000 records take (about 1.6 KiB each).
MAX_CACHE_BYTES = 256 * 2**20
MARK = b"sphinx-council check cache 2\n"
# A cache folder says what it is: ignored by git, and by backup tools (CACHEDIR.TAG).
FOLDER_FILES = {
    ".gitignore": "# Made by council check; safe to delete.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is a cache made by council check (sphinx-council).\n",
}
# The only types a cache may hold; an unpickler that met anything else would refuse it.
_TRUSTED = frozenset(
    {
        ("datetime", "date"),
        ("sphinx_council.core.problems", "Check"),
        ("sphinx_council.core.problems", "Problem"),
        ("sphinx_council.decisions.checkcache", "RecordFacts"),
        ("sphinx_council.decisions.references", "Reference"),
        *(
            ("sphinx_council.decisions.model", name)
            for name in ("DecisionRecord", "HistoryEntry", "DecidedBy", "Vote", "PersonaImpact")
        ),
    }
)


class _TrustedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in _TRUSTED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a record type")
        return super().find_class(module, name)


def _open_regular(path: Path, flags: int) -> int:
    """A descriptor of ``path`` opened without following a link; OSError unless it is a
    regular file (a pipe or a device is never read)."""
    handle = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OSError(f"{path} is not a regular file")
    return handle


def signing_key(folder: Path, create: bool) -> bytes | None:
    """The key that signs this checkout's cache: the secret in ``folder/key`` bound to that
    file's identity on this machine, or None when there is none. ``create`` makes a new secret
    when there is none usable (a link, a pipe or a file of the wrong size is removed, never
    followed)."""
    path = folder / KEY_FILE
    key = _read_key(path)
    if key is None and create:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)  # a link itself, never its target
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(os.urandom(KEY_BYTES))  # what secrets.token_bytes returns
        key = _read_key(path)
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        handle = _open_regular(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        secret, found = os.read(handle, KEY_BYTES + 1), os.fstat(handle)
    except OSError:
        return None
    finally:
        os.close(handle)
    if len(secret) != KEY_BYTES:
        return None
    identity = f"{found.st_dev}:{found.st_ino}:{found.st_ctime_ns}".encode()
    return hmac.digest(secret, identity, "sha256")


def _signed_payload(path: Path, key: bytes) -> tuple[bytes, bytes]:
    """The signature and payload of a file this checkout signed; (b"", b"") for anything else."""
    try:
        handle = _open_regular(path, os.O_RDONLY)
    except OSError:
        return b"", b""  # a link, a device or a missing file: not read at all
    try:
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return b"", b""
    start = len(MARK) + SIGNATURE_BYTES
    signature, payload = data[len(MARK) : start], data[start:]
    if len(data) > MAX_CACHE_BYTES or not data.startswith(MARK):
        return b"", b""
    if not hmac.compare_digest(hmac.digest(key, payload, "sha256"), signature):
        return b"", b""
    return signature, payload


def read_signed(path: Path, key: bytes) -> tuple[bytes, object] | None:
    """The signature and the unpickled contents of a file this checkout signed, or None when
    it is anything else (missing, a link, foreign, forged, corrupt, or holding other types)."""
    signature, payload = _signed_payload(path, key)
    if not payload:
        return None
    try:
        return signature, _TrustedUnpickler(io.BytesIO(payload)).load()
    except Exception:
        return None


def writable_folder(folder: Path) -> bytes | None:
    """The signing key of ``folder``, made ready to hold the cache, or None when it cannot:
    a folder that cannot be written means no cache, never a failed check."""
    try:
        folder.mkdir(exist_ok=True)
        # A cache folder that is a link (a hostile clone can carry one) would take the
        # writes outside the project: no cache then. Files are replaced, never followed.
        if folder.is_symlink() or not folder.is_dir():
            return None
        for name, text in FOLDER_FILES.items():
            if not os.path.lexists(folder / name):
                write_bytes_atomically(folder / name, text.encode("utf-8"))
    except OSError:
        return None
    return signing_key(folder, create=True)


def write_signed(path: Path, contents: object, key: bytes) -> bytes:
    """Replace ``path`` with ``contents`` pickled and signed; its signature (OSError when it
    cannot be written)."""
    payload = pickle.dumps(contents, protocol=pickle.HIGHEST_PROTOCOL)
    signature = hmac.digest(key, payload, "sha256")
    write_bytes_atomically(path, MARK + signature + payload)
    return signature


__all__ = [
    "FOLDER_FILES",
    "KEY_BYTES",
    "KEY_FILE",
    "MARK",
    "MAX_CACHE_BYTES",
    "read_signed",
    "signing_key",
    "writable_folder",
    "write_signed",
]
