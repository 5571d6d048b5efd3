"""Worker processes of long sweeps end when the run is interrupted (no hang in C code)."""

import multiprocessing
import signal
import time

import pytest

from deterrence.parametric.workers import worker_pool


def _handlers():
    return signal.getsignal(signal.SIGINT) == signal.SIG_IGN, signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def _nap(seconds):
    time.sleep(seconds)
    return seconds


def test_workers_leave_interruptions_to_the_parent():
    previous = signal.signal(signal.SIGTERM, lambda *_: None)   # as the CLI installs one
    try:
        with worker_pool(1) as pool:
            assert pool.submit(_handlers).result() == (True, True)
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_an_interrupted_run_stops_its_workers_instead_of_waiting():
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        with worker_pool(2) as pool:
            [pool.submit(_nap, 60) for _ in range(2)]
            time.sleep(0.5)
            raise KeyboardInterrupt
    assert time.monotonic() - started < 30          # not the 60 s the workers were asked to sleep
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()
