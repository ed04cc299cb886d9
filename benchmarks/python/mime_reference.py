#!/usr/bin/env python3
"""The reference for docs/benchmarks.md: the same work as MimeParsingBenchmarks with Python's standard email package.

For every message: parse, decode the subject and the sender, extract the text (text/plain preferred, else HTML).
Usage: mime_reference.py <file-with-message-paths> <startrek.eml> [rounds]
Prints two lines, "python corpus <MB/s> <ms>" and "python startrek <MB/s> <us>", best of the rounds.
"""
import email
import email.policy
import sys
import time


def read(data):
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        subject = str(message.get("subject", ""))
        sender = message.get("from")
        address = sender.addresses[0].addr_spec if sender is not None and sender.addresses else ""
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        return len(subject) + len(address) + len(text)
    except Exception:  # broken mail: count it as read, as our parser never throws
        return 0


def best_seconds(messages, rounds):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for data in messages:
            read(data)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    paths = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    corpus = [open(path, "rb").read() for path in paths]
    startrek = open(sys.argv[2], "rb").read()
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    corpus_bytes = sum(len(data) for data in corpus)
    seconds = best_seconds(corpus, rounds)
    print(f"python corpus {corpus_bytes / seconds / 1e6:.1f} {seconds * 1e3:.1f}")
    seconds = best_seconds([startrek] * 20, rounds) / 20
    print(f"python startrek {len(startrek) / seconds / 1e6:.1f} {seconds * 1e6:.1f}")


if __name__ == "__main__":
    main()
