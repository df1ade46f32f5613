#!/usr/bin/env python3
"""Writes signed LINE webhooks for a load run, one per line: the X-Line-Signature, a tab, the body.

    make-webhooks.py SECRET CHANNEL COUNT OUT [--bad-every N]

Each body is a ~700-byte text-message webhook with its own webhookEventId and message ID, from one of 1,000
users, so that every 200 the server gives stores exactly one new message. With --bad-every N, every Nth line is
instead a bad request the server must refuse without storing anything: in turn a wrong signature, a malformed
body (validly signed) and an oversize body (2 MiB, validly signed).
"""
import base64, hashlib, hmac, json, sys

def main():
    secret, channel, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    bad_every = int(sys.argv[sys.argv.index("--bad-every") + 1]) if "--bad-every" in sys.argv else 0
    key = secret.encode()
    sign = lambda body: base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
    users = ["U%032x" % (0x6A1B2C3D4E5F60718293A4B5C6D7E8F9 + n) for n in range(1000)]
    oversize = b'{"destination":"U0","events":[' + b" " * (2 << 20) + b"]}"
    bad = 0
    with open(out, "w") as f:
        for n in range(count):
            if bad_every and n % bad_every == bad_every - 1:
                kind = bad % 3
                bad += 1
                if kind == 0:
                    body = ('{"destination":"U0","events":[{"type":"message","n":%d}]}' % n).encode()
                    f.write("AAAA%s\t%s\n" % (sign(body)[4:], body.decode()))
                elif kind == 1:
                    body = ('{"destination":"U0","events":[{"type":"message","n":%d' % n).encode()
                    f.write("%s\t%s\n" % (sign(body), body.decode()))
                else:
                    f.write("%s\t%s\n" % (sign(oversize), oversize.decode()))
                continue
            event = {
                "type": "message",
                "message": {
                    "type": "text",
                    "id": str(600000000000000 + n),
                    "quoteToken": "q3Plxr4AgKd%010d" % n,
                    "text": "Hello, I would like to know whether my order %d has shipped yet. "
                    "Could you tell me the expected delivery date? Thank you very much." % n,
                },
                "webhookEventId": "01LOAD%020d" % n,
                "deliveryContext": {"isRedelivery": False},
                "timestamp": 1763712000000 + n,
                "source": {"type": "user", "userId": users[n % len(users)]},
                "replyToken": "%032x" % (0xABCDEF0123456789 + n),
                "mode": "active",
            }
            body = json.dumps(
                {"destination": "U" + "f" * 32, "events": [event]}, separators=(",", ":"), ensure_ascii=False
            ).encode()
            f.write("%s\t%s\n" % (sign(body), body.decode()))

main()
