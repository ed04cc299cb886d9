#!/usr/bin/env python3
"""Reference for the IMAP benchmark: Python's imaplib + email doing "fetch every message and read its text".

usage: imap_reference.py MAILSTACK_DIR   (prints imap_python_per_second=N)
"""
import email
import email.policy
import imaplib
import sys
import time


def settings(directory):
    with open(f"{directory}/mailstack.env") as env:
        return dict(line.strip().split("=", 1) for line in env if "=" in line)


def run(port, password):
    imap = imaplib.IMAP4("127.0.0.1", port)
    imap.login("bench@localhost", password)
    imap.select("INBOX", readonly=True)
    status, data = imap.uid("FETCH", "1:*", "(UID RFC822.SIZE BODY.PEEK[])")
    assert status == "OK", status
    count = 0
    for item in data:
        if isinstance(item, tuple):
            message = email.message_from_bytes(item[1], policy=email.policy.default)
            body = message.get_body(preferencelist=("plain",))
            text = body.get_content() if body is not None else ""
            assert text is not None
            count += 1
    imap.logout()
    return count


def main():
    config = settings(sys.argv[1])
    port = int(config["IMAP_PORT"])
    run(port, config["PASSWORD"])  # warm-up
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        count = run(port, config["PASSWORD"])
        best = max(best, count / (time.perf_counter() - start))
    print(f"imap_python_messages={count}")
    print(f"imap_python_per_second={best:.0f}")


if __name__ == "__main__":
    main()
