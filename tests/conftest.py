"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import http.server
import threading
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw few examples by default, so that the suite stays fast; the long mode
# (EDITION_FUZZ=long, or --hypothesis-profile=long) draws many, for a run on one's own machine.
settings.register_profile("ci", max_examples=25, deadline=None, print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile("long" if os.environ.get("EDITION_FUZZ") == "long" else "ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def recording_server():
    """Start local web servers that record every request: ``start(body)`` gives (base URL, requests).

    Each answers every request with ``body``; tests assert that nothing was fetched.
    """
    servers = []

    def start(body: bytes) -> tuple[str, list[str]]:
        requests: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", requests

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """What every developer and CI has beside the project: TEI and DTS schemas, other projects' TEI."""
    return SHARED


@pytest.fixture
def project_root() -> Path:
    return ROOT


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


@pytest.fixture
def tei_all_rng() -> Path:
    path = SHARED / "tei" / "tei_all.rng"
    if not path.exists():
        pytest.skip("the TEI schema tei_all.rng is not beside the project")
    return path
