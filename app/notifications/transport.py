"""Handing e-mails to the mail server: SMTP connections kept open for a worker pass and
used side by side, or a folder in development (`MAIL_TRANSPORT=file`)."""

from __future__ import annotations

import smtplib
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

from flask import current_app
from flask_mail import Message

from app.extensions import mail

# Flask-Mail opens smtplib connections without a timeout, so the process-wide default is
# set while a connection opens (the socket keeps it); one thread at a time changes it.
_CONNECTING = threading.Lock()


@contextmanager
def _socket_timeout(seconds: float):
    with _CONNECTING:
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(seconds)
        try:
            yield
        finally:
            socket.setdefaulttimeout(previous)


class Transport:
    """One connection to the configured transport, kept open for many messages.

    A connection that fails is dropped, and the next message opens a new one.
    """

    def __init__(self) -> None:
        self._connection = None

    def send(self, mail_message: Message) -> None:
        """Hand one message over; raises if the server refuses it or cannot be reached."""
        if current_app.config["MAIL_TRANSPORT"] == "file":
            _write_to_folder(mail_message)
            return
        try:
            if self._connection is None:
                with _socket_timeout(current_app.config["MAIL_TIMEOUT_SECONDS"]):
                    self._connection = mail.connect().__enter__()
            self._connection.send(mail_message)
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            raise  # the server answered (and was reset): the connection still serves
        except OSError:  # refused, reset, timed out or disconnected: open a new one next
            self._drop()
            raise

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and connection.host is not None:
            with suppress(smtplib.SMTPException, OSError):
                connection.host.close()

    def close(self) -> None:
        """Say goodbye to the server (QUIT), if a connection is open."""
        if self._connection is not None:
            with suppress(smtplib.SMTPException, OSError):
                self._connection.__exit__(None, None, None)
            self._connection = None


class TransportPool:
    """`MAIL_CONNECTIONS` connections used side by side for one worker pass.

    Each message waits for a handful of replies from the server, so one connection spends
    most of its time waiting; a few in parallel multiply the delivery rate. Only the
    sending runs in the pool's threads; the database stays with the caller.
    """

    def __init__(self, size: int | None = None) -> None:
        self.size = max(1, size or current_app.config["MAIL_CONNECTIONS"])
        self._app = current_app._get_current_object()
        self._local = threading.local()
        self._transports: list[Transport] = []
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(self.size, thread_name_prefix="smtp")

    def _transport(self) -> Transport:
        transport = getattr(self._local, "transport", None)
        if transport is None:
            transport = self._local.transport = Transport()
            with self._lock:
                self._transports.append(transport)
        return transport

    def _send(self, mail_message: Message) -> None:
        with self._app.app_context():
            self._transport().send(mail_message)

    def send_all(self, mail_messages: list[Message]) -> list[BaseException | None]:
        """Send the messages side by side; for each, None or the error it met."""
        futures = [self._executor.submit(self._send, m) for m in mail_messages]
        return [future.exception() for future in futures]

    def close(self) -> None:
        """Wait for the threads and close every connection."""
        self._executor.shutdown(wait=True)
        for transport in self._transports:
            transport.close()


def _write_to_folder(mail_message: Message) -> None:
    folder = Path(current_app.config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    name = mail_message.msgId.strip("<>").replace("@", "_") + ".eml"
    (folder / name).write_bytes(mail_message.as_bytes())


def transmit(mail_message: Message) -> None:
    """Hand one message to the configured transport on a connection of its own."""
    transport = Transport()
    try:
        transport.send(mail_message)
    finally:
        transport.close()
