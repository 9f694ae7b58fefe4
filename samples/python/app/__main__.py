"""python -m app: POST /calls stores a call (a raw WAV body, or multipart form data with one file), GET /healthz answers ok."""

import datetime
import email.parser
import email.policy
import http.server
import json
import os
import secrets
import shutil
import sqlite3
import sys
import wave

from . import database_file

TEMP_DIR = os.environ["TEMP_DIR"]
LOG_DIR = os.environ["LOG_DIR"]
DATABASE = database_file(os.environ["DATABASE_URL"])


def store(audio: bytes) -> dict:
    """Keeps the upload in a session of its own under TEMP_DIR, records it, logs it, and removes the session."""
    session = os.path.join(TEMP_DIR, "session_" + secrets.token_hex(16))
    os.mkdir(session, 0o700)
    try:
        upload = os.path.join(session, "upload.wav")
        with open(upload, "wb") as file:
            file.write(audio)
        with wave.open(upload, "rb") as call:
            seconds = call.getnframes() / call.getframerate()
        received = datetime.datetime.now(datetime.timezone.utc).isoformat()
        with sqlite3.connect(DATABASE) as db:
            db.execute("CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, received TEXT, seconds REAL, bytes INTEGER)")
            call_id = db.execute("INSERT INTO calls (received, seconds, bytes) VALUES (?, ?, ?)", (received, seconds, len(audio))).lastrowid
        with open(os.path.join(LOG_DIR, "calls.log"), "a", encoding="utf-8") as log:
            log.write(f"{received} call {call_id}: {seconds:.3f} s, {len(audio)} bytes\n")
        return {"id": call_id, "seconds": seconds}
    finally:
        shutil.rmtree(session, ignore_errors=True)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            self.reply(200, {"status": "ok"})
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/calls":
            self.reply(404, {"error": "not found"})
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        content_type = self.headers.get("Content-Type", "")
        if content_type.lower().startswith("multipart/form-data"):
            # curl -F audio=@call.wav, as the .NET sample takes it; a raw body (--data-binary) is the other form.
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
            files = [part for part in message.iter_parts() if part.get_filename() is not None] if message.is_multipart() else []
            if len(files) != 1:
                self.reply(400, {"error": f"send exactly one audio file (got {len(files)})"})
                return
            body = files[0].get_payload(decode=True) or b""
        audio = body
        try:
            self.reply(201, store(audio))
        except (wave.Error, EOFError) as error:
            self.reply(400, {"error": f"not a WAV file: {error}"})

    def reply(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # one line per request on stderr, as uvicorn does
        print(f"{self.address_string()} {format % args}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    address = (os.environ.get("HOST", "0.0.0.0"), int(os.environ.get("PORT", "8000")))
    print(f"listening on {address[0]}:{address[1]}", flush=True)
    http.server.ThreadingHTTPServer(address, Handler).serve_forever()
