#!/usr/bin/env python3
"""Helpers for crash.sh: a counting LINE Messaging API, and the clients that drive `external-talk serve`.

    crashkit.py fake-line PORT LOG
        A loopback stand-in for api.line.me that stays up while the server is killed: it accepts pushes once per
        X-Line-Retry-Key (a repeat is answered 409 with x-line-accepted-request-id, as LINE does) and replies once
        per reply token (a reused token is answered 400), and appends one JSON line per request to LOG.
    crashkit.py deliver URL CHANNEL FILE [THREADS]
        Posts every signed webhook of FILE (from make-webhooks.py) until each has been answered 200, as LINE's
        redelivery would; prints how many posts it took.
    crashkit.py setup URL TOKEN SECRET CHANNEL OWNER USERS ROOMS
        Makes USERS LINE users follow the channel (signed follow webhooks), accepts each request as OWNER through
        the admin API, sends each room a first message (the reply to the follow) and writes the room IDs to ROOMS.
    crashkit.py send URL TOKEN OWNER ROOMS PREFIX ACCEPTED SECONDS [THREADS]
        Sends messages PREFIX-T-N from THREADS operators at once, round robin over the rooms, through the admin
        API until the server stops answering or SECONDS pass; writes each text accepted (2xx) to ACCEPTED.
    crashkit.py count LOG ACCEPTED PREFIX [TIMEOUT]
        Waits until every accepted text has reached the fake LINE API, then counts deliveries per text: each
        accepted one must have been delivered exactly once, any other (in flight at the crash) at most once.
"""
import base64, hashlib, hmac, http.client, json, sys, threading, time, urllib.parse, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def fake_line(port, log_path):
    lock = threading.Lock()
    retry_keys, reply_tokens = {}, set()
    log = open(log_path, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body, headers=()):
            data = json.dumps(body).encode()
            request_id = str(uuid.uuid4())
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-line-request-id", request_id)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            return request_id

        def do_GET(self):
            self.answer(200, {})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            texts = [m.get("text", "") for m in body.get("messages", [])]
            sent = {"sentMessages": [{"id": str(uuid.uuid4().int)[:18], "quoteToken": "q"} for _ in texts]}
            with lock:
                if self.path == "/v2/bot/message/push":
                    key = self.headers.get("X-Line-Retry-Key")
                    if key and key in retry_keys:
                        status, extra = 409, [("x-line-accepted-request-id", retry_keys[key])]
                        self.answer(409, {"message": "The retry key is already accepted", **sent}, extra)
                    else:
                        status = 200
                        request_id = self.answer(200, sent)
                        if key:
                            retry_keys[key] = request_id
                elif self.path == "/v2/bot/message/reply":
                    token = body.get("replyToken")
                    if token in reply_tokens:
                        status = 400
                        self.answer(400, {"message": "Invalid reply token"})
                    else:
                        status = 200
                        reply_tokens.add(token)
                        self.answer(200, sent)
                else:
                    status = 200
                    self.answer(200, {})
                log.write(json.dumps({"path": self.path, "status": status, "texts": texts}) + "\n")

    server = ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    print("fake LINE API listening", flush=True)
    server.serve_forever()


def connection(url):
    parsed = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)


def post(conn, path, body, headers):
    conn.request("POST", path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def deliver(url, channel, path, threads=8):
    lines = open(path).read().splitlines()
    posts = [0] * int(threads)
    def worker(index):
        conn = connection(url)
        for line in lines[index :: int(threads)]:
            signature, body = line.split("\t", 1)
            for attempt in range(100):
                posts[index] += 1
                try:
                    status, _ = post(conn, f"/webhooks/line/{channel}", body.encode(),
                                     {"Content-Type": "application/json", "X-Line-Signature": signature})
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = connection(url)
                    time.sleep(0.05)
                    continue
                if status == 200 or 400 <= status < 500:
                    break
                time.sleep(0.05)
    workers = [threading.Thread(target=worker, args=(i,)) for i in range(int(threads))]
    for w in workers: w.start()
    for w in workers: w.join()
    print(f"delivered {len(lines)} webhooks in {sum(posts)} posts")


def admin(conn, token, method, path, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def room_path(room, action):
    return f"/admin/v1/rooms/{urllib.parse.quote(room, safe='')}/{action}"


def setup(url, token, secret, channel, owner, users, rooms_path):
    conn = connection(url)
    rooms = []
    for n in range(int(users)):
        user = "U%032x" % (0x5E0D000000000000000000000000000 + n)
        event = {
            "type": "follow", "follow": {"isUnblocked": False},
            "webhookEventId": "01SEND%020d" % n, "deliveryContext": {"isRedelivery": False},
            "timestamp": int(time.time() * 1000), "source": {"type": "user", "userId": user},
            "replyToken": "%032x" % (0x7E0D0000 + n), "mode": "active",
        }
        body = json.dumps({"destination": "U" + "f" * 32, "events": [event]}).encode()
        signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
        status, _ = post(conn, f"/webhooks/line/{channel}", body,
                         {"Content-Type": "application/json", "X-Line-Signature": signature})
        assert status == 200, f"follow webhook answered {status}"
        room = f"line:{channel}:{user}"
        status, answer = admin(conn, token, "POST", room_path(room, "accept"), {"member": owner})
        assert status == 200, f"accept answered {status}: {answer[:200]!r}"
        status, answer = admin(conn, token, "POST", room_path(room, "messages"),
                               {"member": owner, "text": f"welcome {n}"})
        assert 200 <= status < 300, f"send answered {status}: {answer[:200]!r}"
        rooms.append(room)
    open(rooms_path, "w").write("\n".join(rooms) + "\n")


def send(url, token, owner, rooms_path, prefix, accepted_path, seconds, threads=8):
    rooms = open(rooms_path).read().split()
    accepted = open(accepted_path, "w", buffering=1)
    lock = threading.Lock()
    deadline = time.monotonic() + float(seconds)
    attempts = [0] * int(threads)
    def worker(index):
        conn = connection(url)
        n = 0
        while time.monotonic() < deadline:
            text = f"{prefix}-{index}-{n}"
            try:
                status, _ = admin(conn, token, "POST", room_path(rooms[(index + n) % len(rooms)], "messages"),
                                  {"member": owner, "text": text})
            except (OSError, http.client.HTTPException):
                return  # the server is gone
            if 200 <= status < 300:
                with lock:
                    accepted.write(text + "\n")
            n += 1
            attempts[index] = n
    workers = [threading.Thread(target=worker, args=(i,)) for i in range(int(threads))]
    for w in workers: w.start()
    for w in workers: w.join()
    print(f"attempted {sum(attempts)} sends")


def count(log_path, accepted_path, prefix, timeout=60):
    accepted = set(open(accepted_path).read().split())
    deadline = time.monotonic() + float(timeout)
    while True:
        delivered, resends = {}, 0
        for line in open(log_path):
            entry = json.loads(line)
            for text in entry["texts"]:
                if not text.startswith(prefix + "-"):
                    continue
                if entry["status"] == 200:
                    delivered[text] = delivered.get(text, 0) + 1
                elif entry["status"] == 409:
                    resends += 1
        missing = [t for t in accepted if delivered.get(t, 0) == 0]
        if not missing or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    twice = [t for t, c in delivered.items() if c > 1]
    extra = [t for t in delivered if t not in accepted]
    verdict = "ok" if not missing and not twice else "FAILED"
    print(f"SENT accepted={len(accepted)} delivered_once={sum(1 for t in accepted if delivered.get(t) == 1)} "
          f"missing={len(missing)} twice={len(twice)} in_flight_delivered={len(extra)} "
          f"resends_answered_409={resends} verdict={verdict}")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"fake-line": fake_line, "deliver": deliver, "setup": setup, "send": send, "count": count}[command](*arguments)
