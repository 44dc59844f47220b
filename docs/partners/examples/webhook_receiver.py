"""A webhook receiver that verifies X-Throughline-Signature, Python standard library only.

Needs: WEBHOOK_SECRETS (your secret; during a rotation, the old and the new one, comma-separated),
PORT (0 = any free port). Optional: MAX_DELIVERIES (stop after that many).
"""
import hashlib
import hmac
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRETS = [s.strip() for s in os.environ["WEBHOOK_SECRETS"].split(",") if s.strip()]
MAX = int(os.environ.get("MAX_DELIVERIES", "0"))
handled = 0


def verified(body: bytes, header: str) -> bool:
    """True when any signature in the header matches any of our secrets (rotation: two of each)."""
    signatures = [s.strip() for s in header.split(",")]
    for secret in SECRETS:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, s) for s in signatures):
            return True
    return False


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        global handled
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not verified(body, self.headers.get("X-Throughline-Signature", "")):
            self.send_response(401)
            self.end_headers()
            print("refused: bad signature", flush=True)
            return
        delivery = json.loads(body)
        # Deliveries may arrive more than once (retries, redeliveries): deduplicate by deliveryId.
        kind = "ping" if delivery.get("ping") else delivery["event"]["topic"]
        print(f"verified {kind} {delivery['deliveryId']}", flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")
        handled += 1

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Receiver)
print(f"listening on {server.server_address[1]}", flush=True)
while not MAX or handled < MAX:
    server.handle_request()
