"""A progress line on a terminal: what is done of the total, the rate, and the time left.

Drawn on standard error only when it is a terminal (silent in pipes, files and CI logs), redrawn
in place, and cleared when the run ends. The figures come from work actually finished: an audit
counts when its outputs are written, with its export's size in bytes (known before reading, so
the share done and the time left are measured on the same unit) and its links.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress", "duration"]


def duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``1 h 02 min``: how long, in words a terminal line can hold.

    >>> duration(42.4), duration(185), duration(3720)
    ('42 s', '3 min 05 s', '1 h 02 min')
    """
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class Progress:
    """Progress of a run of ``jobs`` audits whose exports hold ``total_bytes`` bytes.

    Parameters
    ----------
    jobs : audits in the run
    total_bytes : the size of all their exports
    stream : where to draw (standard error by default)
    enabled : draw at all; by default only when ``stream`` is a terminal
    clock : seconds, monotonic (a test passes its own)
    """

    def __init__(
        self,
        jobs: int,
        total_bytes: int,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        clock=time.monotonic,  # type: ignore[no-untyped-def]
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(self.stream.isatty()) if enabled is None else enabled
        self.jobs = jobs
        self.total_bytes = max(int(total_bytes), 0)
        self.clock = clock
        self.started = clock()
        self.jobs_done = 0
        self.bytes_done = 0
        self.links_done = 0
        self.current = ""

    def step(self, name: str, what: str = "") -> None:
        """Show the step an audit is in (``features``, ``writing`` ...), with the finished totals."""
        self.current = f"{what}: {name}" if what else name
        self._draw()

    def finished(self, size: int, links: int) -> None:
        """One audit is written: its export held ``size`` bytes and ``links`` links."""
        self.jobs_done += 1
        self.bytes_done += max(int(size), 0)
        self.links_done += max(int(links), 0)
        self.current = ""
        self._draw()

    def line(self) -> str:
        """The progress line as drawn (without the terminal control characters)."""
        elapsed = self.clock() - self.started
        parts = [f"{self.jobs_done:,}/{self.jobs:,} audits" if self.jobs > 1 else ""]
        if self.links_done:
            parts.append(f"{self.links_done:,} links scored")
        if self.total_bytes and self.bytes_done:
            share = self.bytes_done / self.total_bytes
            rate = self.links_done / elapsed if elapsed > 0 else 0.0
            parts.append(f"{share:.0%} of the data")
            if rate:
                parts.append(f"{rate:,.0f} links/s")
            if self.bytes_done < self.total_bytes and elapsed > 0:
                left = elapsed * (self.total_bytes - self.bytes_done) / self.bytes_done
                parts.append(f"about {duration(left)} left")
        if self.current:
            parts.append(self.current)
        parts.append(f"{duration(elapsed)} elapsed")
        return "[toxicity] " + " · ".join(p for p in parts if p)

    def _draw(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K" + self.line())
            self.stream.flush()

    def clear(self) -> None:
        """Remove the line (before the run's own messages are printed)."""
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
