#!/usr/bin/env python3
"""Reference for the SMTP benchmark: Python's smtplib sending acknowledgements over one connection.

usage: smtp_reference.py MAILSTACK_DIR COUNT        (prints smtp_python_per_second=N)
       smtp_reference.py --port PORT COUNT          (against smtp_sink.py; prints sink_python_per_second=N)
"""
import smtplib
import sys
import time
import uuid


def settings(directory):
    with open(f"{directory}/mailstack.env") as env:
        return dict(line.strip().split("=", 1) for line in env if "=" in line)


def acknowledgement(i):
    return (
        f"From: Complaints <complaints@localhost>\r\nTo: <discard@localhost>\r\nSubject: Your complaint {i} has been registered\r\n"
        f"Message-ID: <ack-{i}-{uuid.uuid4().hex}@bench.localhost>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Dear customer,\r\n\r\nwe have registered your complaint under number {i}. We will answer within 30 days.\r\n\r\nKind regards\r\n"
    ).encode()


def run(port, count):
    smtp = smtplib.SMTP("127.0.0.1", port, local_hostname="bench.localhost")
    for i in range(count):
        refused = smtp.sendmail("complaints@localhost", ["discard@localhost"], acknowledgement(i))
        assert not refused, refused
    smtp.quit()
    return count


def main():
    if sys.argv[1] == "--port":
        name, port, count = "sink_python", int(sys.argv[2]), int(sys.argv[3])
    else:
        name, port, count = "smtp_python", int(settings(sys.argv[1])["SMTP_PORT"]), int(sys.argv[2])
    run(port, count)  # warm-up
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        run(port, count)
        best = max(best, count / (time.perf_counter() - start))
    print(f"{name}_messages={count}")
    print(f"{name}_per_second={best:.0f}")


if __name__ == "__main__":
    main()
