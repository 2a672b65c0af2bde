"""Parses mail messages with Python's email package, an independent MIME implementation.

Usage: parse_notification.py FILE...
Prints one JSON array with, per file: the decoded headers, the parser's defects, and per
leaf part its content type, charset, transfer encoding and decoded content; for HTML parts
also the visible text (whitespace collapsed) and the link targets.
"""
import email
import email.policy
import json
import sys
from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []
        self.hrefs = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("title", "style", "script"):
            self._skip += 1
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href")

    def handle_endtag(self, tag):
        if tag in ("title", "style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def _part(part):
    content = part.get_content()
    result = {
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "cte": part.get("Content-Transfer-Encoding"),
        "content": content,
        "defects": [type(d).__name__ for d in part.defects],
    }
    if part.get_content_type() == "text/html":
        parser = _Text()
        parser.feed(content)
        parser.close()
        result["text"] = " ".join("".join(parser.chunks).split())
        result["hrefs"] = parser.hrefs
    return result


def _message(path):
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    leaves = [p for p in msg.walk() if not p.is_multipart()]
    return {
        "headers": [[name, str(value)] for name, value in msg.items()],
        "subject": str(msg["subject"]),
        "is_multipart": msg.is_multipart(),
        "content_type": msg.get_content_type(),
        "defects": [type(d).__name__ for d in msg.defects],
        "parts": [_part(p) for p in leaves],
    }


json.dump([_message(p) for p in sys.argv[1:]], sys.stdout, ensure_ascii=True)
