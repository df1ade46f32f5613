"""Drives bot.py through the emulator's control API and checks, through each user's inbox, what the bot sent.

Usage: python drive.py EMULATOR_URL BOT_WEBHOOK_URL. Uses only the standard library; exits 1 at the first step
that fails.
"""

import json
import sys
import urllib.error
import urllib.request

BASE = sys.argv[1].rstrip("/") + "/emulator/v1"
steps = 0


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def check(condition, what, detail=""):
    global steps
    if not condition:
        print(f"FAIL {what}: {detail}", flush=True)
        sys.exit(1)
    steps += 1
    print(f"ok {what}", flush=True)


def delivered(answer, what):
    status, body = answer
    check(status == 200 and body.get("status") == 200, f"{what}: the bot answered the webhook 200", f"{status} {body}")
    return body["webhookEventIds"]


def texts(user):
    status, body = call("GET", f"/users/{user}/inbox")
    if status != 200:
        print(f"FAIL the inbox of {user} answers {status}: {body}", flush=True)
        sys.exit(1)
    return [(send["via"], send["retryKey"], [m.get("text") for m in send["messages"]]) for send in body["sends"]]


def last(user):
    return texts(user)[-1]


status, body = call("PUT", "/webhook", {"url": sys.argv[2]})
check(status == 200 and body["webhookUrl"] == sys.argv[2], "the webhook URL is set to the bot's", f"{status} {body}")

status, body = call("POST", "/users", {"displayName": "Aiko"})
check(status == 201 and body["userId"].startswith("U"), "a user is added", f"{status} {body}")
aiko = body["userId"]

delivered(call("POST", f"/users/{aiko}/follow"), "follow")
check(last(aiko)[0::2] == ("reply", ["Welcome, Aiko!"]), "follow is greeted by reply, with the profile's name", texts(aiko))

delivered(call("POST", f"/users/{aiko}/messages", {"text": "hello"}), "text")
check(last(aiko)[0::2] == ("reply", ["echo: hello"]), "a text is echoed by reply", texts(aiko))

emoji_text = "good $ morning"
answer = call(
    "POST",
    f"/users/{aiko}/messages",
    {"text": emoji_text, "emojis": [{"index": 5, "length": 1, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "002"}]},
)
delivered(answer, "text with a LINE emoji")
check(
    last(aiko)[2] == [f"echo: {emoji_text} [5ac1bfd5040ab15980c9b435/002]"],
    "the SDK parses the emoji's productId and emojiId",
    texts(aiko),
)

delivered(call("POST", f"/users/{aiko}/messages", {"type": "sticker", "packageId": "446", "stickerId": "1988"}), "sticker")
check(last(aiko)[2] == ["sticker: 446/1988"], "a sticker reaches the SDK with its IDs", texts(aiko))

delivered(call("POST", f"/users/{aiko}/messages", {"type": "image"}), "image")
via, _, image_reply = last(aiko)
check(
    via == "reply" and image_reply[0].startswith("image: ") and "image/jpeg" in image_reply[0] and " 0 bytes" not in image_reply[0],
    "the SDK downloads an image's content from the data API path",
    texts(aiko),
)

before = len(texts(aiko))
delivered(call("POST", f"/users/{aiko}/messages", {"text": "later: the minutes"}), "text kept for later")
check(len(texts(aiko)) == before, "the bot keeps the reply token and sends nothing yet", texts(aiko))
status, body = call("POST", "/clock/advance", {"seconds": 61})
check(status == 200, "the clock moves 61 seconds", f"{status} {body}")
delivered(call("POST", f"/users/{aiko}/messages", {"text": "flush"}), "flush")
sends = texts(aiko)[before:]
check(len(sends) == 2, "one push and one reply follow, not two pushes", sends)
check(
    sends[0][0] == "push" and sends[0][1] and sends[0][2] == ["late (400 Invalid reply token): the minutes"],
    "the expired reply token is refused with LINE's 400, and the bot pushes instead, with a retry key",
    sends,
)
check(
    sends[1][0] == "reply" and sends[1][2][0].startswith("flushed; the retry got 409, accepted ") and not sends[1][2][0].endswith("?"),
    "the push retried with the same key is answered 409 with x-line-accepted-request-id, and not sent twice",
    sends,
)

status, body = call("POST", "/faults", {"status": 429, "count": 1, "path": "/v2/bot/message/reply"})
check(status == 201, "a 429 is armed for the next reply", f"{status} {body}")
event_ids = delivered(call("POST", f"/users/{aiko}/messages", {"text": "are you there?"}), "text met by a 429")
check(
    last(aiko)[0::2] == ("push", ["LINE said 429: The API rate limit has been exceeded. Try again later."]),
    "the SDK sees LINE's 429 and its error body",
    texts(aiko),
)

delivered(call("POST", f"/events/{event_ids[0]}/redeliver"), "redelivery")
check(
    last(aiko)[0::2] == ("push", [f"redelivery of {event_ids[0]} (already handled)"]),
    "the redelivered event reaches the bot with isRedelivery true and the same webhookEventId",
    texts(aiko),
)

status, body = call("POST", "/users", {"displayName": "Ben"})
ben = body["userId"]
delivered(call("POST", f"/users/{ben}/follow"), "a second user's follow")
check(texts(ben) == [("reply", None, ["Welcome, Ben!"])], "each user's inbox holds only what was sent to them", texts(ben))
delivered(call("POST", f"/users/{ben}/unfollow"), "unfollow")
status, body = call("POST", f"/users/{ben}/messages", {"text": "still here?"})
check(status == 409, "a user who unfollowed cannot write to the account", f"{status} {body}")

print(f"all {steps} checks passed", flush=True)
