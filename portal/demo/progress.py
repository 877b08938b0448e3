"""Progress of the demo loader: a bar on a terminal, plain lines anywhere else.

A progress bar redraws itself with carriage returns; in a log file, a CI log or a pipe
(`make run | tee`) those show as one long line of overwritten fragments. When the stream is
not a terminal, each step is one line of its own instead.
"""
from __future__ import annotations

from typing import TextIO

from tqdm import tqdm


class LineProgress:
    """The part of tqdm's interface the loader uses, writing one line per completed step."""

    def __init__(self, *, total: int, stream: TextIO, disable: bool = False):
        self.total = total
        self.stream = stream
        self.disable = disable
        self.done = 0
        self.description = ""

    def set_description(self, description: str) -> None:
        self.description = description

    def update(self, steps: int = 1) -> None:
        self.done += steps
        if not self.disable:
            self.stream.write(f"[{self.done}/{self.total}] {self.description}\n")
            self.stream.flush()

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc_info) -> None:
        return None


def progress_for(stream: TextIO, *, total: int, disable: bool = False):
    """A tqdm bar on `stream` when it is a terminal, otherwise a `LineProgress`."""
    if hasattr(stream, "isatty") and stream.isatty():
        return tqdm(total=total, unit="step", file=stream, disable=disable)
    return LineProgress(total=total, stream=stream, disable=disable)
