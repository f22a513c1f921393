"""A small web on 127.0.0.1 for the sync tests: a news site, a fact-checker, a DataFeed, a fake
claims:search, robots.txt, and pages that fail (500, slow, huge, redirect loop, not HTML).

Every request is logged (method, path, status) so tests can prove what was and was not fetched.
Documents answer conditional GETs: an ETag (and for the DataFeed, Last-Modified) and 304.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

GFC_KEY = "test-gfc-key"
SLOW_SECONDS = 2.0
HUGE_BYTES = 2 * 1024 * 1024
FEED_MODIFIED = "Thu, 03 Dec 2026 06:00:00 GMT"

SEED_ARTICLE = """
<p>SEOUL -- Russia and North Korea marked the first anniversary of their Comprehensive
Strategic Partnership treaty at a reception in Pyongyang on June 20, 2025.</p>
<p>"Russia and North Korea are the closest of countries," Russian Ambassador to North Korea
Alexandr Matsegora said at the anniversary reception.</p>
<p>Matsegora told the guests that the treaty had opened a new chapter.</p>
"""
CHOE_ARTICLE = """
<p>North Korea's Foreign Minister Choe Son-hui called the mutual defense treaty with Russia a
"most solid, invincible alliance," Yonhap reported, citing KCNA.</p>
<p>The reception marked the first anniversary of the treaty signed by Kim Jong-un and
Vladimir Putin.</p>
"""
YONHAP_ARTICLE = """
<p>SEOUL, June 20 (Yonhap) -- North Korea's Foreign Minister Choe Son-hui called the mutual
defense treaty with Russia an "invincible alliance," KCNA reported.</p>
<p>Relations between the two countries are at the level of a "most solid, invincible alliance,"
North Korea's Foreign Minister Choe Son-hui said at the reception, KCNA reported.</p>
"""
BUDGET_ARTICLE = """
<p>The city council met on Tuesday to debate the budget.</p>
<p>"We cannot afford another tunnel," Mayor Anna Keller said.</p>
<p>Finance Director Tom Brandt said the reserves would last two years.</p>
<p>According to Keller, the vote will take place in March.</p>
<p>"Nobody asked the residents," said Maria Ortiz, a local shop owner.</p>
<p>Someone in the crowd shouted that it was a disgrace.</p>
"""
FILLER = """
<p>Transport minister Lena Vogt said the line would open in {year}.</p>
<p>"Trains will run every {minutes} minutes," Vogt said.</p>
"""


def page(title: str, body: str, *, published: str, jsonld=None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    return f"""<!doctype html><html lang="en"><head><title>{title} | Daily</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Daily">
<meta property="article:published_time" content="{published}T09:00:00+09:00">
<meta name="author" content="Staff Reporter">{script}</head>
<body><nav><p>Home | World | Politics</p></nav><article><h1>{title}</h1>{body}</article>
<footer><p>Copyright Daily</p></footer></body></html>"""


def claimreview(number: int, claim: str, rating: str, modified: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example/checks/{number}",
        "claimReviewed": claim,
        "datePublished": f"2026-11-0{number}",
        "dateModified": modified,
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Senator Jane Roe"},
            "datePublished": "2026-10-30",
        },
    }


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that gave up (the slow page, a SIGKILLed sync) is what the tests do


class FixtureWeb:
    """Serve the fixture web; `log` lists (method, path, status) of every request."""

    def __init__(self, *, articles: int = 0):
        self.log: list[tuple[str, str, int]] = []
        self.agents: set[str] = set()  # every User-Agent seen
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                web._handle(self)

            def log_message(self, *args):
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.routes = self._routes(articles)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self, status: int | None = None) -> list[str]:
        return [p for _, p, s in self.log if status is None or s == status]

    # content -------------------------------------------------------------------------

    def _routes(self, articles: int) -> dict:
        news = {
            "/news/seed.html": page(
                "Russia, North Korea mark treaty", SEED_ARTICLE, published="2025-06-20"
            ),
            "/news/choe.html": page("Choe hails alliance", CHOE_ARTICLE, published="2025-06-20"),
            "/news/budget.html": page(
                "Council debates budget", BUDGET_ARTICLE, published="2026-11-24"
            ),
            "/news/private/secret.html": page("Secret", BUDGET_ARTICLE, published="2026-11-24"),
        }
        for n in range(articles):
            body = FILLER.format(year=2030 + n, minutes=5 + n)
            news[f"/news/line-{n}.html"] = page(f"Line {n}", body, published=f"2026-11-2{n % 10}")
        checks = {
            "/factcheck/checks/1.html": page(
                "Check 1",
                "<p>We checked.</p>",
                published="2026-11-01",
                jsonld={
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "WebPage", "name": "Check 1"},
                        claimreview(1, "The moon is made of cheese", "False", "2026-11-01"),
                    ],
                },
            ),
            "/factcheck/checks/2.html": page(
                "Check 2",
                "<p>We checked.</p>",
                published="2026-11-02",
                jsonld=claimreview(
                    2, "Unemployment fell by half last year", "Mostly false", "2026-11-02"
                ),
            ),
            "/factcheck/about.html": page(
                "About us", "<p>We check claims.</p>", published="2026-01-01"
            ),
        }
        broken = {
            "/broken/ok.html": page(
                "Fine",
                '<p>"The bridge is safe," said Paul Weber, the city engineer.</p>',
                published="2026-11-20",
            ),
            "/broken/500.html": (500, "text/html", b"<p>oops</p>"),
            "/broken/slow.html": "slow",
            "/broken/huge.html": "huge",
            "/broken/loop.html": (302, "text/html", b"", {"Location": "/broken/loop-2.html"}),
            "/broken/loop-2.html": (302, "text/html", b"", {"Location": "/broken/loop.html"}),
            "/broken/report.pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
        }
        routes: dict = {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /news/private/\n")
        }
        for path, html in {**news, **checks, **broken}.items():
            routes[path] = (
                html
                if not isinstance(html, str) or not html.startswith("<")
                else (200, "text/html; charset=utf-8", html.encode())
            )
        yonhap = page(
            "Choe calls treaty invincible alliance", YONHAP_ARTICLE, published="2025-06-20"
        )
        routes["/yonhap/choe.html"] = (200, "text/html; charset=utf-8", yonhap.encode())
        routes["/yonhap/rss.xml"] = (200, "application/rss+xml", rss(self, ["/yonhap/choe.html"]))
        routes["/news/rss.xml"] = (200, "application/rss+xml", rss(self, [p for p in news]))
        routes["/news/sitemap-index.xml"] = (
            200,
            "application/xml",
            sitemap_index(self, ["/news/sitemap-1.xml"]),
        )
        routes["/news/sitemap-1.xml"] = (
            200,
            "application/xml",
            sitemap(self, ["/news/seed.html", "/news/budget.html"]),
        )
        routes["/factcheck/feed.atom"] = (200, "application/atom+xml", atom(self, list(checks)))
        routes["/broken/rss.xml"] = (
            200,
            "application/rss+xml",
            rss(self, [p for p in broken if p != "/broken/loop-2.html"]),
        )
        routes["/feeds/claimreview.json"] = (
            200,
            "application/json",
            json.dumps(data_feed()).encode(),
            {"Last-Modified": FEED_MODIFIED},
        )
        return routes

    # serving -------------------------------------------------------------------------

    def _handle(self, handler) -> None:
        parts = urlsplit(handler.path)
        self.agents.add(handler.headers.get("User-Agent", ""))
        if parts.path == "/gfc/claims:search":
            return self._claims_search(handler, parse_qs(parts.query))
        route = self.routes.get(parts.path)
        if route is None:
            return self._send(handler, parts.path, 404, "text/plain", b"not found")
        if route == "slow":
            time.sleep(SLOW_SECONDS)
            return self._send(handler, parts.path, 200, "text/html", b"<p>late</p>")
        if route == "huge":
            self.log.append(("GET", parts.path, 200))
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()  # no Content-Length: the reader must stop by itself
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                for _ in range(HUGE_BYTES // len(chunk)):
                    handler.wfile.write(chunk)
            except OSError:
                pass
            return None
        status, kind, body, *headers = route
        headers = dict(headers[0]) if headers else {}
        if status == 200:
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            headers["ETag"] = etag
            matches = handler.headers.get("If-None-Match") == etag
            modified = headers.get("Last-Modified")
            if matches or (modified and handler.headers.get("If-Modified-Since") == modified):
                return self._send(handler, parts.path, 304, kind, b"", headers)
        return self._send(handler, parts.path, status, kind, body, headers)

    def _claims_search(self, handler, query: dict) -> None:
        path = "/gfc/claims:search"
        if handler.headers.get("X-Goog-Api-Key") != GFC_KEY:
            return self._send(handler, path, 403, "application/json", b'{"error": "key"}')
        token = query.get("pageToken", [""])[0]
        pages = {
            "": ({"claims": [gfc_claim(1)], "nextPageToken": "p2"}),
            "p2": ({"claims": [gfc_claim(2)]}),
        }
        doc = pages.get(token, {"claims": []})
        if query.get("query") == ["circle"]:
            doc = {"claims": [], "nextPageToken": "again"}
        return self._send(
            handler,
            path + (f"?pageToken={token}" if token else ""),
            200,
            "application/json",
            json.dumps(doc).encode(),
        )

    def _send(self, handler, path, status, kind, body, headers=None) -> None:
        self.log.append(("GET", path, status))
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


def rss(web: FixtureWeb, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{p}</title><link>{web.url(p)}</link>"
        f"<pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>"
        for p in paths
    )
    channel = f"<channel><title>Daily</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def atom(web: FixtureWeb, paths: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>{p}</title><link href="{web.url(p)}"/>'
        "<updated>2026-11-02T00:00:00Z</updated></entry>"
        for p in paths
    )
    feed = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Checks</title>{entries}</feed>'
    return f'<?xml version="1.0"?>{feed}'.encode()


def sitemap(web: FixtureWeb, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{web.url(p)}</loc><lastmod>2026-11-24</lastmod></url>" for p in paths
    )
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def sitemap_index(web: FixtureWeb, paths: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{web.url(p)}</loc></sitemap>" for p in paths)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'.encode()


def data_feed() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateModified": "2026-11-10T00:00:00Z",
                "item": [claimreview(3, "Wind turbines cause cancer", "False", "2026-11-10")],
            },
            {
                "@type": "DataFeedItem",
                "dateModified": "2026-11-12T00:00:00Z",
                "item": [
                    claimreview(4, "The city spent 2 million on a fountain", "True", "2026-11-12")
                ],
            },
        ],
    }


def gfc_claim(number: int) -> dict:
    return {
        "text": f"Claim number {number} about tax rates doubling",
        "claimant": "Governor Sam Hill",
        "claimDate": f"2026-10-0{number}T00:00:00Z",
        "claimReview": [
            {
                "publisher": {"name": "Fact Desk", "site": "factdesk.example"},
                "url": f"https://factdesk.example/reviews/{number}",
                "title": f"Review {number}",
                "reviewDate": f"2026-10-1{number}T00:00:00Z",
                "textualRating": "False",
                "languageCode": "en",
            }
        ],
    }
