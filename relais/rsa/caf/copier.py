"""COPY a batch's rows in the background while the next batch is read (PostgreSQL only).

The server's share of an import — index upkeep, foreign key checks — is as large as the
Python's (reading, checking, planning). A thread sends each batch's prepared COPY data on
the import's own connection (one transaction: psycopg serialises a connection's operations
under its lock), so that the server works on batch N while Python reads batch N + 1.
Batches are written one at a time and in order; `wait()` is called before any query that
must see the previous batch's rows, and re-raises an error of the thread.
"""

import queue
import threading


class BackgroundCopier:
    def __init__(self, raw_connection):
        self._connection = raw_connection
        self._batches = queue.Queue(maxsize=1)
        self._idle = threading.Event()
        self._idle.set()
        self._error = None
        self._thread = threading.Thread(target=self._run, name="caf-flow-copy", daemon=True)
        self._thread.start()

    def submit(self, statements: list[tuple[str, str]]) -> None:
        """Queue [(COPY statement, data in COPY text format)], after the previous batch."""
        self.wait()
        self._idle.clear()
        self._batches.put(statements)

    def wait(self) -> None:
        self._idle.wait()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        """Stop the thread once its batch is written; errors are dropped (the caller fails)."""
        self._batches.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (statements := self._batches.get()) is not None:
            try:
                with self._connection.cursor() as cursor:
                    for statement, data in statements:
                        with cursor.copy(statement) as copy:
                            copy.write(data)
            except BaseException as error:  # handed to the importer's thread, which fails
                self._error = error
            finally:
                self._idle.set()
