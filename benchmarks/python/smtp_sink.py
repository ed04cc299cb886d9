#!/usr/bin/env python3
"""An SMTP sink that answers at once and keeps nothing: measures what an SMTP client itself costs.

Speaks just enough ESMTP (EHLO with PIPELINING, MAIL, RCPT, DATA, RSET, NOOP, QUIT), answers every complete
command in what it has read in one go, and discards message data. One connection at a time.
usage: smtp_sink.py PORTFILE   (binds a free loopback port and writes it to PORTFILE)
"""
import socket
import sys


def serve(connection):
    connection.sendall(b"220 sink ESMTP\r\n")
    buffer = b""
    in_data = False
    while True:
        chunk = connection.recv(262144)
        if not chunk:
            return
        buffer += chunk
        replies = []
        while True:
            if in_data:
                end = buffer.find(b"\r\n.\r\n")
                if buffer.startswith(b".\r\n"):
                    buffer = buffer[3:]
                elif end >= 0:
                    buffer = buffer[end + 5:]
                else:
                    buffer = buffer[-4:]
                    break
                in_data = False
                replies.append(b"250 2.0.0 Ok: queued\r\n")
                continue
            line_end = buffer.find(b"\r\n")
            if line_end < 0:
                break
            line, buffer = buffer[:line_end], buffer[line_end + 2:]
            verb = line[:4].upper()
            if verb == b"EHLO":
                replies.append(b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
            elif verb == b"DATA":
                replies.append(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                in_data = True
            elif verb == b"QUIT":
                connection.sendall(b"".join(replies) + b"221 2.0.0 Bye\r\n")
                return
            else:
                replies.append(b"250 2.0.0 Ok\r\n")
        if replies:
            connection.sendall(b"".join(replies))


def main():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    with open(sys.argv[1], "w") as portfile:
        portfile.write(str(listener.getsockname()[1]))
    while True:
        connection, _ = listener.accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            serve(connection)
        finally:
            connection.close()


if __name__ == "__main__":
    main()
