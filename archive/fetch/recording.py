"""HTTP requests whose every byte is recorded as exchanged, with each length a site states
checked against the size bound before anything is read or allocated."""
from __future__ import annotations

import email.utils
import functools
import http.client
import io
import re
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

from archive import readers


#: The most hex digits a chunk size may have: 16 hold any size a 64-bit server sends.
MAX_CHUNK_SIZE_DIGITS = 16
#: The longest chunk-size line read, extensions included (http.client's bound on a line).
MAX_CHUNK_LINE_BYTES = 65536
#: The largest response read off the wire; the same bound the readers put on a payload.
MAX_RESPONSE_BYTES = readers.MAX_PAYLOAD_BYTES
#: What the request says it takes. Only gzip is offered because it is what every site
#: supports and what khabar decodes for feeds and link discovery (readers decode more).
REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "Connection": "close",  # one connection per request: its bytes are exactly one response
}


class FetchFailed(Exception):
    """A request that got no complete answer; `retry` says whether trying again may help."""

    def __init__(self, reason: str, *, retry: bool):
        reason = " ".join(reason.split())[:300]  # http.client quotes what the server sent
        super().__init__(reason)
        self.reason, self.retry = reason, retry


class _TooLarge(Exception):
    """An answer over the size bound, found before its bytes were read where possible."""


class _Malformed(Exception):
    """An answer that breaks HTTP framing (a chunk size that is no size)."""


class _Tap(io.RawIOBase):
    """A socket's incoming bytes, kept as they arrive, within a size and a time budget."""

    def __init__(self, sock: socket.socket, received: bytearray, limit: int, deadline: float):
        # a file of its own keeps the socket open until the response is read, as http.client expects
        self.sock, self.raw = sock, sock.makefile("rb", buffering=0)
        self.received, self.limit, self.deadline = received, limit, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        self.sock.settimeout(remaining)
        count = self.raw.readinto(buffer)
        self.received += memoryview(buffer)[:count]
        if len(self.received) > self.limit:
            raise _TooLarge()
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


class _TappedResponse(http.client.HTTPResponse):
    """http.client's response parser reading through a `_Tap`, with every length it reads
    (Content-Length, chunk sizes) checked against the size bound before it allocates."""

    def __init__(self, sock, *, received: bytearray, limit: int, deadline: float, **kwargs):
        super().__init__(sock, **kwargs)
        tapped = io.BufferedReader(_Tap(sock, received, limit, deadline))
        self.fp.close()
        self.fp = tapped
        self.limit = limit

    def begin(self) -> None:
        super().begin()
        if self.length is not None and self.length > self.limit:
            raise _TooLarge()

    def _read_next_chunk_size(self) -> int:
        line = self.fp.readline(MAX_CHUNK_LINE_BYTES + 1)
        if not line:
            raise http.client.IncompleteRead(b"")  # the connection closed: worth another try
        if len(line) > MAX_CHUNK_LINE_BYTES:
            raise _Malformed(f"a chunk-size line over {MAX_CHUNK_LINE_BYTES} bytes")
        size = line.split(b";", 1)[0].strip()  # chunk extensions are ignored
        if not re.fullmatch(rb"[0-9A-Fa-f]{1,%d}" % MAX_CHUNK_SIZE_DIGITS, size):
            raise _Malformed(f"a chunk size that is not a hexadecimal size "
                             f"({size[:20].decode('ascii', 'backslashreplace')!r})")
        if int(size, 16) > self.limit:
            raise _TooLarge()
        return int(size, 16)


class _SentBytes:
    """Keeps every byte a connection sends: the request exactly as it went out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent = bytearray()

    def send(self, data) -> None:
        self.sent += data
        super().send(data)


class _HTTPConnection(_SentBytes, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_SentBytes, http.client.HTTPSConnection):
    pass


@dataclass
class Exchange:
    """One request and its complete response, as bytes on the wire and as parsed."""

    url: str
    sent: bytes
    received: bytes
    status: int
    headers: http.client.HTTPMessage
    body: bytes            # transfer encoding undone, content encoding not
    peer: str | None

    def payload(self, limit: int) -> bytes | None:
        """The body with its content encoding undone (what the readers archive), or None."""
        encoding = (self.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding == "identity":
            return self.body
        if encoding in ("gzip", "x-gzip"):
            return _gunzip(self.body, limit)
        return None

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header names, if any."""
        return self.headers.get_content_charset()


def _gunzip(data: bytes, limit: int) -> bytes | None:
    """Gzip data decompressed, or None if damaged or larger than `limit` (no bombs)."""
    try:
        output = zlib.decompressobj(wbits=31).decompress(data, limit + 1)
    except zlib.error:
        return None
    return output if len(output) <= limit else None


def exchange(url: str, *, user_agent: str, timeout: float, max_bytes: int) -> Exchange:
    """GET `url` (already normalised) and keep both directions' bytes; FetchFailed if no answer."""
    parts = urlsplit(url)
    connection_class = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    received = bytearray()
    deadline = time.monotonic() + timeout
    target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.connect()
        peer = connection.sock.getpeername()[0]
        connection.response_class = functools.partial(
            _TappedResponse, received=received, limit=max_bytes, deadline=deadline)
        connection.request("GET", target, headers={"User-Agent": user_agent, **REQUEST_HEADERS})
        response = connection.getresponse()
        body = response.read()
    except _TooLarge:  # declared or found while reading: one reason, whichever came first
        size = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
        raise FetchFailed(f"larger than {size}", retry=False) from None
    except _Malformed as error:
        raise FetchFailed(f"not a valid HTTP answer: {error}", retry=False) from None
    except TimeoutError:
        raise FetchFailed(f"no complete answer within {timeout:g} s", retry=False) from None
    except socket.gaierror as error:
        raise FetchFailed(f"cannot find host {parts.hostname}: {error.strerror}", retry=False) from None
    except ssl.SSLError as error:
        raise FetchFailed(f"TLS failed: {error.reason or error}", retry=False) from None
    except (OSError, http.client.HTTPException) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise FetchFailed(f"connection failed: {reason}", retry=True) from None
    finally:
        connection.close()
    return Exchange(url=url, sent=bytes(connection.sent), received=bytes(received),
                    status=response.status, headers=response.headers, body=body, peer=peer)


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta seconds or an HTTP date), or None."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
