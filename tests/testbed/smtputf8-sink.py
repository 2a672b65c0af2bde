#!/usr/bin/env python3
"""A remote SMTP server for the test bed that, unlike smtp-sink(1), announces SMTPUTF8
(and 8BITMIME) but never STARTTLS: mail from a UTF-8 sender routed to it with mandatory TLS is
deferred for TLS, as from a real partner without TLS, instead of bouncing for SMTPUTF8.

Each message is written to DIR as a file with X-Mail-Args / X-Rcpt-Args lines on top, in the
manner of smtp-sink -d. Usage: smtputf8-sink.py HOST:PORT DIR
"""
import os
import socketserver
import sys
import uuid


class Session(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(text.encode("utf-8") + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 utf8-sink ESMTP")
        mail, rcpts = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.rstrip(b"\r\n").decode("utf-8", "replace")
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-utf8-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 DSN")
            elif verb == "MAIL":
                mail, rcpts = command[5:], []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                rcpts.append(command[5:])
                self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while True:
                    data = self.rfile.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    body.append(data[1:] if data.startswith(b".") else data)  # undo dot-stuffing
                name = os.path.join(self.server.directory, "utf8-" + uuid.uuid4().hex)
                with open(name + ".tmp", "wb") as out:
                    out.write(("X-Mail-Args: " + (mail or "") + "\n").encode("utf-8"))
                    for rcpt in rcpts:
                        out.write(("X-Rcpt-Args: " + rcpt + "\n").encode("utf-8"))
                    out.write(b"".join(body))
                os.rename(name + ".tmp", name)
                self.reply("250 2.0.0 Ok: queued as " + uuid.uuid4().hex[:10].upper())
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 2.0.0 Ok")
            else:
                self.reply("502 5.5.2 Error: command not recognized")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    host, port = sys.argv[1].rsplit(":", 1)
    server = Server((host, int(port)), Session)
    server.directory = sys.argv[2]
    server.serve_forever()
