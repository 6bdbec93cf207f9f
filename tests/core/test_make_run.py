"""`make run` prints where Engage runs only once the server answers."""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "announce-when-ready"


def test_the_address_is_printed_once_the_server_answers():
    answers = {"asked": 0, "printed_before_ready": None}

    class StartingServer(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            answers["asked"] += 1
            ready = answers["asked"] > 3  # still starting for the first three
            self.send_response(200 if ready else 503)
            self.end_headers()
            self.wfile.write(b'{"status": "ok"}' if ready else b"starting")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), StartingServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = subprocess.run(
            [sys.executable, str(SCRIPT), base],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.shutdown()
    assert result.returncode == 0
    assert answers["asked"] == 4  # it waited through three "not yet" answers
    assert f"Engage runs at {base}/" in result.stdout
    assert result.stdout.count("Engage runs at") == 1
