"""The polite HTTP client: robots.txt, a per-host delay, conditional GETs, size and time limits."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

# What each caller may be given: HTML pages, XML feeds and sitemaps, JSON data feeds.
ACCEPT = {
    "html": ("text/html", "application/xhtml+xml"),
    "xml": ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml"),
    "json": ("application/json", "application/ld+json", "text/json"),
}
# A feed URL may be RSS, Atom or a sitemap; servers label them loosely.
ACCEPT["feed"] = ACCEPT["xml"] + ("text/plain", "application/octet-stream")
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five


class FetchError(Exception):
    """A URL that could not be fetched politely; the message says why."""


class Disallowed(FetchError):
    """A URL we may not fetch: robots.txt forbids it, or it is not http(s)."""


@dataclass
class Response:
    url: str  # the final URL, after redirects
    status: int  # 200, or 304 when the conditional GET found nothing new
    body: bytes = b""
    headers: dict = field(default_factory=dict)

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Each hop is re-checked (scheme, robots, delay) by Fetcher.get, so urllib follows none.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Politeness:
    contact: str = ""
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds for a whole page
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5

    @classmethod
    def from_config(cls, config: dict) -> Politeness:
        return cls(
            contact=str(config.get("SYNC_CONTACT") or ""),
            delay=float(config.get("SYNC_DELAY", 1.0)),
            timeout=float(config.get("SYNC_TIMEOUT", 20.0)),
            max_bytes=int(config.get("SYNC_MAX_BYTES", 5 * 1024 * 1024)),
            max_redirects=int(config.get("SYNC_MAX_REDIRECTS", 5)),
        )

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"Veracity/0.1 (fact-check sync{contact})"


class Fetcher:
    """Fetch http(s) URLs as a good citizen; one instance per sync run (robots cached per host)."""

    def __init__(self, politeness: Politeness | None = None):
        self.politeness = politeness or Politeness()
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def get(
        self,
        url: str,
        *,
        expect: str = "html",
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        headers: dict | None = None,
        robots: bool = True,
        into: BinaryIO | None = None,
        timeout: float | None = None,
    ) -> Response:
        """GET url (following at most max_redirects hops, each checked); FetchError if refused.

        robots=False is for an API the operator holds a key for: calling it is not crawling.
        With `into` (a file), the body is written there as it arrives, not kept in memory;
        `timeout` (seconds for the whole body) overrides the politeness one, for big feeds."""
        for _ in range(self.politeness.max_redirects + 1):
            self._check_allowed(url, robots=robots)
            request = urllib.request.Request(
                url, headers={"User-Agent": self.politeness.user_agent}
            )
            for name, value in (headers or {}).items():
                request.add_header(name, value)
            if etag:
                request.add_header("If-None-Match", etag)
            if last_modified:
                request.add_header("If-Modified-Since", last_modified)
            status, got_headers, body = self._send(
                request, max_bytes or self.politeness.max_bytes, into, timeout
            )
            if status in (301, 302, 303, 307, 308) and got_headers.get("location"):
                url = urljoin(url, got_headers["location"])
                continue
            if status == 304:
                return Response(url, 304, b"", got_headers)
            if status != 200:
                raise FetchError(f"{url}: HTTP {status}")
            kind = got_headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and kind not in ACCEPT[expect]:
                raise FetchError(f"{url}: content type {kind!r} is not {expect}")
            return Response(url, 200, body, got_headers)
        raise FetchError(f"{url}: more than {self.politeness.max_redirects} redirects")

    def _check_allowed(self, url: str, *, robots: bool = True) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Disallowed(f"{url}: only http(s) URLs are fetched")
        if not robots:
            return
        robots = self._robots_for(f"{parts.scheme}://{parts.netloc}")
        if robots is not None and not robots.can_fetch(self.politeness.user_agent, url):
            raise Disallowed(f"{url}: disallowed by robots.txt")

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        if origin in self._robots:
            return self._robots[origin]
        url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(url)
        status, body = 503, b""
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):  # http -> https is common
                request = urllib.request.Request(
                    url, headers={"User-Agent": self.politeness.user_agent}
                )
                status, headers, body = self._send(request, ROBOTS_MAX_BYTES)
                location = headers.get("location")
                if status not in (301, 302, 303, 307, 308) or not location:
                    break
                url = urljoin(url, location)
                if urlsplit(url).scheme not in ("http", "https"):
                    break
        except FetchError:
            status, body = 503, b""
        # RFC 9309: no robots.txt (4xx) allows everything; an unreachable one (5xx) nothing.
        if status == 200:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= status < 500:
            parser = None
        else:
            parser.disallow_all = True
        self._robots[origin] = parser
        return parser

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._last.get(host, 0.0) + self.politeness.delay)
            self._last[host] = start
        if start > now:
            time.sleep(start - now)

    def _send(self, request, max_bytes: int, into=None, timeout=None) -> tuple[int, dict, bytes]:
        """(status, lower-cased headers, body) within the size and time limits; with `into`,
        the body goes to that file (from its start) and b"" is returned."""
        self._wait_turn(urlsplit(request.full_url).netloc)
        timeout = timeout or self.politeness.timeout
        deadline = time.monotonic() + timeout
        try:
            response = self._opener.open(request, timeout=self.politeness.timeout)  # per read
        except urllib.error.HTTPError as exc:  # 3xx (not followed here), 304, 4xx, 5xx
            headers = {k.lower(): v for k, v in exc.headers.items()} if exc.headers else {}
            exc.close()
            return exc.code, headers, b""
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"{request.full_url}: {reason}") from None
        with response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{request.full_url}: larger than {max_bytes} bytes")
            chunks, size = [], 0
            if into is not None:
                into.seek(0)
                into.truncate()
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"{request.full_url}: slower than {timeout} s")
                try:
                    chunk = response.read1(64 * 1024)
                except (OSError, ValueError) as exc:  # a read timeout among them
                    raise FetchError(f"{request.full_url}: {exc or 'read failed'}") from None
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{request.full_url}: larger than {max_bytes} bytes")
                if into is None:
                    chunks.append(chunk)
                else:
                    into.write(chunk)
            return response.status, headers, b"".join(chunks)
