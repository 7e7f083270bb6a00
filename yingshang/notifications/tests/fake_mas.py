"""A 云MAS look-alike served on loopback (127.0.0.1, random port) for the tests: it decodes the Base64 JSON
body, checks the ``mac`` with the account's secret key, answers ``msgGroup`` — and, like a de-duplicating relay,
answers a repeated X-Idempotency-Key with the first result instead of sending again. No HTTP mocking: the
gateway under test talks real HTTP to it."""

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from yingshang.notifications import domain


@dataclass
class FakeMasPlatform:
    ec_name: str = "咸丰县人民法院"
    ap_id: str = "xf_court"
    secret_key: str = "S3cret!2027"
    sign: str = "AbC123xYz"
    requests: list = field(default_factory=list)       # every request received: (path, headers, payload)
    sent: list = field(default_factory=list)           # what was actually "sent" to phones: (key, payload)
    script: list = field(default_factory=list)         # queued answers: (status, body bytes) used before normal ones
    _by_key: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "FakeMasPlatform":
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, body = platform.handle(self.path, dict(self.headers), raw)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def handle(self, path: str, headers: dict, raw: bytes) -> tuple[int, bytes]:
        with self._lock:
            try:
                payload = domain.mas_decode_body(raw)
            except ValueError:
                return 200, b'{"msgGroup":"","rspcod":"InvalidMessage","success":false}'
            self.requests.append((path, headers, payload))
            if self.script:
                return self.script.pop(0)
            if payload.get("mac") != self.expected_mac(path, payload):
                return 200, b'{"msgGroup":"","rspcod":"IllegalMac","success":false}'
            key = headers.get("X-Idempotency-Key", "")
            if key and key in self._by_key:
                return 200, self._by_key[key]
            group = f"G{len(self.sent) + 1:020d}"
            answer = json.dumps({"msgGroup": group, "rspcod": "success", "success": True}).encode()
            self.sent.append((key, payload))
            if key:
                self._by_key[key] = answer
            return 200, answer

    def expected_mac(self, path: str, p: dict) -> str:
        if path.endswith("tmpsubmit"):
            concat = (f"{self.ec_name}{self.ap_id}{self.secret_key}{p.get('templateId', '')}{p.get('mobiles', '')}"
                      f"{p.get('params', '')}{self.sign}{p.get('addSerial', '')}")
        else:
            concat = (f"{self.ec_name}{self.ap_id}{self.secret_key}{p.get('mobiles', '')}{p.get('content', '')}"
                      f"{self.sign}{p.get('addSerial', '')}")
        return hashlib.md5(concat.encode("utf-8")).hexdigest()
