"""Verify Agency OS webhooks in Python 3, standard library only.

    WEBHOOK_SECRET='whsec_...' PORT=4000 python3 verify.py

starts a receiver that answers 200 to genuine deliveries and 401 to anything else.
Import verify_agency_os_webhook to use the check in your own framework (Flask: request.headers,
request.get_data(); Django: request.headers, request.body).
"""
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE_SECONDS = 300  # refuse replays of old deliveries


def verify_agency_os_webhook(headers, raw_body: bytes, secret: str) -> bool:
    timestamp = headers.get("X-AOSAI-Timestamp")
    signature = headers.get("X-AOSAI-Signature")
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("utf-8") + raw_body, hashlib.sha256).hexdigest()
    expected = "sha256=" + digest
    # During a secret rotation the previous secret's signature comes in X-AOSAI-Signature-Previous.
    candidates = [signature, headers.get("X-AOSAI-Signature-Previous")]
    return any(c and hmac.compare_digest(c, expected) for c in candidates)


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not verify_agency_os_webhook(self.headers, raw_body, os.environ["WEBHOOK_SECRET"]):
            self.send_response(401)
            self.end_headers()
            self.wfile.write(b"invalid signature")
            return
        payload = json.loads(raw_body)
        # Use payload["id"] for idempotency: it is the same on every retry of this event.
        print(f"verified {payload['event']} {payload['id']}", flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if not os.environ.get("WEBHOOK_SECRET"):
        raise SystemExit("Set WEBHOOK_SECRET to the secret shown in Settings -> Webhooks")
    server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "4000"))), Receiver)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()
