"""A small LINE bot written with the official LINE Messaging API SDK for Python (line-bot-sdk v3).

It knows nothing of ExternalTalk: it verifies and parses webhooks with the SDK's WebhookParser and answers with
the SDK's MessagingApi, pointed at whatever host it is given (the emulator here, https://api.line.me in
production). What it does, so that a driver can check each step from what reaches the user:

- follow: replies "Welcome, <display name>!" (the name from the profile API);
- text "later: X": keeps the reply token and answers nothing yet;
- text "flush": tries the kept token (which has expired if the clock moved a minute), falls back to a push
  with an X-Line-Retry-Key, retries that push with the same key as if the answer had been lost (LINE answers
  409 and names the accepted request), then replies "flushed";
- any other text: replies "echo: <text>", listing LINE emoji as "[productId/emojiId]";
- image: downloads the content and replies "image: <n> bytes, <content type>";
- sticker: replies "sticker: <packageId>/<stickerId>";
- a redelivered event (deliveryContext.isRedelivery): pushes "redelivery of <webhookEventId>" and does not
  handle it again;
- an error from LINE (such as a 429): pushes "LINE said <status>: <message>".

Usage: python bot.py API_BASE_URL CHANNEL_SECRET ACCESS_TOKEN; it prints "bot listening on PORT".
"""

import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ApiException
from linebot.v3.webhooks import (
    FollowEvent,
    ImageMessageContent,
    MessageEvent,
    StickerMessageContent,
    TextMessageContent,
)

API_BASE_URL, CHANNEL_SECRET, ACCESS_TOKEN = sys.argv[1:4]

parser = WebhookParser(CHANNEL_SECRET)
configuration = Configuration(host=API_BASE_URL, access_token=ACCESS_TOKEN)
api_client = ApiClient(configuration)
api = MessagingApi(api_client)
blob = MessagingApiBlob(api_client)

lock = threading.Lock()
kept_tokens = {}  # user ID -> (reply token, text)
handled = set()  # webhookEventIds already handled


def push(user_id, text, retry_key=None):
    return api.push_message(
        PushMessageRequest(to=user_id, messages=[TextMessage(text=text)]),
        x_line_retry_key=retry_key or str(uuid.uuid4()),
    )


def reply(token, text):
    api.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text=text)]))


def line_error_message(error):
    try:
        return json.loads(error.body)["message"]
    except (TypeError, ValueError, KeyError):
        return str(error.reason)


def handle(event):
    user_id = event.source.user_id
    if event.delivery_context.is_redelivery:
        with lock:
            seen = event.webhook_event_id in handled
        push(user_id, f"redelivery of {event.webhook_event_id}" + (" (already handled)" if seen else ""))
        return
    with lock:
        handled.add(event.webhook_event_id)
    if isinstance(event, FollowEvent):
        profile = api.get_profile(user_id)
        reply(event.reply_token, f"Welcome, {profile.display_name}!")
    elif isinstance(event, MessageEvent) and isinstance(event.message, StickerMessageContent):
        reply(event.reply_token, f"sticker: {event.message.package_id}/{event.message.sticker_id}")
    elif isinstance(event, MessageEvent) and isinstance(event.message, ImageMessageContent):
        content = blob.get_message_content_with_http_info(event.message.id)
        content_type = dict(content.headers or {}).get("content-type", "?")
        reply(event.reply_token, f"image: {len(content.data)} bytes, {content_type}")
    elif isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        text = event.message.text
        if text.startswith("later: "):
            with lock:
                kept_tokens[user_id] = (event.reply_token, text[len("later: "):])
            return
        if text == "flush":
            with lock:
                kept = kept_tokens.pop(user_id, None)
            if kept:
                token, later = kept
                try:
                    reply(token, f"in time: {later}")
                except ApiException as error:
                    key = str(uuid.uuid4())
                    push(user_id, f"late ({error.status} {line_error_message(error)}): {later}", key)
                    try:
                        push(user_id, f"late again: {later}", key)
                    except ApiException as again:
                        accepted = dict(again.headers or {}).get("x-line-accepted-request-id", "?")
                        reply(event.reply_token, f"flushed; the retry got {again.status}, accepted {accepted}")
                        return
            reply(event.reply_token, "flushed")
            return
        emojis = "".join(f"[{e.product_id}/{e.emoji_id}]" for e in (event.message.emojis or []))
        reply(event.reply_token, f"echo: {text}" + (f" {emojis}" if emojis else ""))


class Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0"))).decode("utf-8")
        try:
            events = parser.parse(body, self.headers.get("x-line-signature", ""))
        except InvalidSignatureError:
            self.send_response(400)
            self.end_headers()
            return
        for event in events:
            try:
                handle(event)
            except ApiException as error:
                push(event.source.user_id, f"LINE said {error.status}: {line_error_message(error)}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
print(f"bot listening on {server.server_address[1]}", flush=True)
server.serve_forever()
