#!/usr/bin/env python3
# Writes the filter corpus: NAME.eml (what pipe(8) hands to posttls filter) and
# NAME.expected (what must reach sendmail). The expected bytes are written out by hand
# here, never computed by posttls. In NAME.expected the line "X-PostTLS-ID: @TAG@"
# stands for our tag line (the tests put the real tag in its place); an untagged
# message has no such line.
#
# The files are byte-exact fixtures (.gitattributes marks them -text). After changing
# a case, run: python3 tests/corpus/filter/generate.py
# and review the diff. The list of cases and their expected log details lives in
# tests/PostTls.Tests/TestSupport/FilterCorpus.cs; keep the two in step.
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TAG_LF = b"X-PostTLS-ID: @TAG@\n"
TAG_CRLF = b"X-PostTLS-ID: @TAG@\r\n"

cases = {}


def case(name, message, expected):
    assert name not in cases, name
    cases[name] = (message, expected)


def tagged(name, message, crlf=False):
    """Tagged, nothing removed: the tag line on top, every other byte unchanged."""
    case(name, message, (TAG_CRLF if crlf else TAG_LF) + message)


def untagged(name, message):
    case(name, message, message)


HEAD = (b"From: Alice <alice@example.org>\n"
        b"To: bob@example.net\n"
        b"Subject: Hello\n"
        b"Date: Mon, 2 Mar 2026 10:00:00 +0100\n"
        b"Message-ID: <1@example.org>\n")

# --- line endings -------------------------------------------------------------
tagged("plain-lf", HEAD + b"\nHello Bob.\n\nAlice\n")
tagged("plain-crlf", HEAD.replace(b"\n", b"\r\n") + b"\r\nHello Bob.\r\n\r\nAlice\r\n", crlf=True)
# The tag line follows the first line's ending.
tagged("mixed-crlf-first",
       b"From: alice@example.org\r\nTo: bob@example.net\nSubject: mixed\r\n\nline one\r\nline two\n",
       crlf=True)
tagged("mixed-lf-first",
       b"From: alice@example.org\nTo: bob@example.net\r\nSubject: mixed\r\n\r\nline one\r\nline two\n")
# An empty line written as CRLF after LF header lines still ends the header block.
tagged("crlf-blank-after-lf-headers",
       b"From: alice@example.org\nTo: bob@example.net\n\r\nX-PostTLS-ID: in the body\r\nbody\n")

# --- 8-bit data ---------------------------------------------------------------
tagged("eight-bit",
       b"From: J\xf6rg M\xfcller <joerg@example.org>\n"
       b"To: r\xe9sum\xe9@example.net\n"
       b"Subject: caf\xe9 \xc3\x28 invalid utf-8 \xff\xfe \xed\xa0\x80\n"
       b"\n"
       b"Gr\xfc\xdfe aus K\xf6ln\n"
       b"\xc3\x28\xa0\xa1 \xf0\x28\x8c\x28 \xf8\xa1\xa1\xa1\xa1\n"
       b"\xe2\x82\xac and \xc0\xaf\n")
tagged("nul-bytes", HEAD + b"\nbefore\x00after\n\x00\x00\x00\nend\x00")

# --- sizes --------------------------------------------------------------------
tagged("long-body-line", HEAD + b"\n" + b"x" * 5000 + b"\nshort line\n" + b"y" * 1000 + b"\n")
# One header field longer than the reader's first buffer (16 kB), then a forged field.
long_subject = b"Subject:" + b" word" * 8000 + b"\n"
case("long-header-line",
     b"From: alice@example.org\n" + long_subject + b"X-PostTLS-ID: forged\nTo: bob@example.net\n\nbody\n",
     TAG_LF + b"From: alice@example.org\n" + long_subject + b"To: bob@example.net\n\nbody\n")
tagged("empty", b"")

# --- where the header block ends ----------------------------------------------
tagged("no-body-no-blank-line",
       b"From: alice@example.org\nTo: bob@example.net\nSubject: header only\n")
tagged("header-only-no-final-newline",
       b"From: alice@example.org\nTo: bob@example.net\nSubject: no final newline")
case("forged-last-without-newline",
     b"From: alice@example.org\nTo: bob@example.net\nX-PostTLS-ID: forged",
     TAG_LF + b"From: alice@example.org\nTo: bob@example.net\n")
# No header fields at all: everything is body, including a field-like line.
tagged("first-line-blank", b"\nThis message has no header fields.\nX-PostTLS-ID: body text\n")
# A line that is neither a field nor a continuation ends the block (Postfix's cleanup
# does the same and starts the body there), so a field-like line after it is body.
tagged("non-header-line-ends-block",
       b"From: alice@example.org\nThis is not a header field\nX-PostTLS-ID: body text\n\nmore\n")
tagged("field-lookalike-in-body",
       HEAD + b"\nX-PostTLS-ID: fake\nX-PostTLS-Action: send\nx-posttls-id: fake too\n")
# A whitespace-only line inside the header block: Postfix's cleanup (mime_state.c)
# appends every line that starts with SP or TAB to the pending header field, so the
# fields after it are still header fields in the queue file and a forged one must go.
case("whitespace-only-line-in-header",
     b"From: alice@example.org\nSubject: hi\n \t\nX-PostTLS-ID: forged\nTo: bob@example.net\n\nbody\n",
     TAG_LF + b"From: alice@example.org\nSubject: hi\n \t\nTo: bob@example.net\n\nbody\n")

# --- folding and odd field syntax ---------------------------------------------
case("odd-folding",
     b"From: alice@example.org\n"
     b"Subject : space before the colon\n"
     b"To: first@example.net,\n\tsecond@example.net,\n    third@example.net\n"
     b"X-Folded:\n\tvalue on the next line\n"
     b"Comments: one\n \t two\n"
     b"X-PostTLS-ID : forged, space before the colon\n\tand folded\n"
     b"X-Tab-Name\t: tab before the colon\n"
     b"\n"
     b" body line starting with a space\n",
     TAG_LF +
     b"From: alice@example.org\n"
     b"Subject : space before the colon\n"
     b"To: first@example.net,\n\tsecond@example.net,\n    third@example.net\n"
     b"X-Folded:\n\tvalue on the next line\n"
     b"Comments: one\n \t two\n"
     b"X-Tab-Name\t: tab before the colon\n"
     b"\n"
     b" body line starting with a space\n")

# --- forged X-PostTLS-* fields ------------------------------------------------
case("forged-id-middle",
     b"From: alice@example.org\nX-PostTLS-ID: abcdefghijklmnop.qrstuvwxyz234567\nTo: bob@example.net\n"
     b"Subject: forged\n\nbody\n",
     TAG_LF + b"From: alice@example.org\nTo: bob@example.net\nSubject: forged\n\nbody\n")
case("forged-id-folded",
     b"From: alice@example.org\nX-PostTLS-ID:\n abcdefghijklmnop\n\t.qrstuvwxyz234567\nSubject: folded\n\nbody\n",
     TAG_LF + b"From: alice@example.org\nSubject: folded\n\nbody\n")
case("forged-crlf",
     b"From: alice@example.org\r\nX-PostTLS-ID: forged\r\n\tcontinued\r\nSubject: crlf\r\n\r\nbody\r\n",
     TAG_CRLF + b"From: alice@example.org\r\nSubject: crlf\r\n\r\nbody\r\n")
case("forged-mixed-case",
     b"x-posttls-id: lower case\n"
     b"From: alice@example.org\n"
     b"X-POSTTLS-Action: send\n"
     b"X-PostTls-Token: abc\n"
     b"X-PostTLS-: empty suffix\n"
     b"Subject: several forged fields\n"
     b"\n"
     b"body\n",
     TAG_LF + b"From: alice@example.org\nSubject: several forged fields\n\nbody\n")
# Only names that start with "X-PostTLS-" are ours.
tagged("posttls-lookalikes-kept",
       b"From: alice@example.org\n"
       b"X-PostTLS: no dash after the prefix\n"
       b"X-PostTLSfoo: glued\n"
       b"X-PostTLS_ID: underscore\n"
       b"X-Post-TLS-ID: other spelling\n"
       b"Subject: X-PostTLS-ID: only in a value\n"
       b"\n"
       b"body\n")

# --- Auto-Submitted (RFC 3834) -------------------------------------------------
tagged("auto-submitted-no", b"From: alice@example.org\nAuto-Submitted: no\nSubject: by hand\n\nbody\n")
tagged("auto-submitted-no-comment",
       b"From: alice@example.org\nAuto-Submitted: No (typed by a person)\nSubject: by hand\n\nbody\n")
case("auto-submitted-generated",
     b"From: robot@example.org\nAuto-Submitted: auto-generated\nX-PostTLS-ID: forged\nSubject: report\n\nbody\n",
     b"From: robot@example.org\nAuto-Submitted: auto-generated\nSubject: report\n\nbody\n")
untagged("auto-submitted-replied-folded",
         b"From: alice@example.org\nAuto-Submitted:\n\tauto-replied\nSubject: Out of office\n\nbody\n")

# --- what pipe(8) and old MUAs put in front -----------------------------------
tagged("return-path-first",
       b"Return-Path: <alice@example.org>\n"
       b"Received: from [192.0.2.1] (client.example.org [192.0.2.1])\n"
       b"\tby mail.example.org (Postfix) with ESMTPSA id 4ABCD1234\n"
       b"\tfor <bob@example.net>; Mon,  2 Mar 2026 10:00:00 +0100 (CET)\n"
       + HEAD + b"\nbody\n")
# Postfix's sendmail drops a leading "From " line (sendmail.c, skip_from_); a "From "
# line after our tag would instead end the header block and turn every original header
# field into body text. So the "From " line stays first and the tag follows it.
case("mbox-from-line",
     b"From alice@example.org Mon Mar  2 10:00:00 2026\n"
     b"From: alice@example.org\nX-PostTLS-ID: forged\nSubject: mbox\n\nbody\n",
     b"From alice@example.org Mon Mar  2 10:00:00 2026\n" + TAG_LF +
     b"From: alice@example.org\nSubject: mbox\n\nbody\n")

# --- body content -------------------------------------------------------------
tagged("dot-lines", HEAD + b"\n.\n..\n. \n.x\n..\n.\n")
tagged("multipart-base64",
       b"From: alice@example.org\n"
       b"To: bob@example.net\n"
       b"Subject: attachment\n"
       b"MIME-Version: 1.0\n"
       b"Content-Type: multipart/mixed; boundary=\"=_b0undary\"\n"
       b"\n"
       b"This is a multi-part message in MIME format.\n"
       b"\n"
       b"--=_b0undary\n"
       b"Content-Type: text/plain; charset=utf-8\n"
       b"Content-Transfer-Encoding: 8bit\n"
       b"\n"
       b"See the attachment. Gr\xc3\xbc\xc3\x9fe\n"
       b"\n"
       b"--=_b0undary\n"
       b"Content-Type: application/octet-stream; name=\"data.bin\"\n"
       b"Content-Transfer-Encoding: base64\n"
       b"Content-Disposition: attachment; filename=\"data.bin\"\n"
       b"X-PostTLS-ID: inside a MIME part, not ours to touch\n"
       b"\n"
       b"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\n"
       b"OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ubw==\n"
       b"\n"
       b"--=_b0undary--\n")

for name, (message, expected) in cases.items():
    with open(os.path.join(HERE, name + ".eml"), "wb") as f:
        f.write(message)
    with open(os.path.join(HERE, name + ".expected"), "wb") as f:
        f.write(expected)
print(f"{len(cases)} cases written to {HERE}")
