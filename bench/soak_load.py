"""The soak's clients and probes: wrk with a Lua script, live adds, HTTP calls, worker RSS."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

KEY = "soak-key"


def http_get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def http_post(url: str, body: dict, timeout: float = 30) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-API-Key": KEY},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return sorted(kids)


def lua(claims: list[str], delay_ms: float, path: Path) -> None:
    bodies = ",\n".join(json.dumps(json.dumps({"text": c})) for c in claims)
    path.write_text(
        f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {{
{bodies}
}}
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/v1/check", nil, bodies[(n % #bodies) + 1])
end
delay = function() return {delay_ms:.1f} end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {{"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}}\\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""
    )


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(re.search(r"^WRK (.*)$", out, re.M).group(1))
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


class Adder(threading.Thread):
    """Post new statements at a steady pace during the soak; count failures."""

    def __init__(self, base: str, every: float):
        super().__init__(daemon=True)
        self.base, self.every = base, every
        self.stop = threading.Event()
        self.sent = self.failed = 0
        self.latencies: list[float] = []

    def run(self) -> None:
        tag = int(time.time())
        while not self.stop.wait(self.every):
            started = time.perf_counter()
            status = http_post(
                f"{self.base}/v1/statements",
                {
                    "text": f"Soak statement {tag}-{self.sent}: the council met again.",
                    "speaker": {"name": "Soak Tester"},
                    "outlets": [{"id": "example.org", "url": "https://example.org/soak"}],
                },
            )
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.sent += 1
            self.failed += status != 201
