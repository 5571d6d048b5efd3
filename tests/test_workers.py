"""Worker processes of long sweeps end when the run is interrupted (no hang in C code), and
a forked helper shares a list of jobs without changing the answer."""

import multiprocessing
import os
import signal
import time
from functools import partial

import pytest

from deterrence.parametric.workers import SharedKeys, map_beside, worker_pool


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


# ---------------------------------------------------------------- map_beside

fork_only = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                               reason="map_beside forks its helper")


def _where(x):
    return x, os.getpid()


@fork_only
def test_map_beside_gives_the_serial_answer_with_the_work_shared():
    """Both processes take items: while this one runs ``first`` the helper takes them,
    and the results come back in the items' order."""
    here = os.getpid()
    head, out = map_beside(lambda: time.sleep(0.3) or "first", _where, list(range(20)), workers=2)
    assert head == "first"
    assert [x for x, _ in out] == list(range(20))
    assert any(pid != here for _, pid in out)           # the helper did some
    assert not multiprocessing.active_children()


def test_map_beside_with_one_worker_is_serial():
    here = os.getpid()
    head, out = map_beside(lambda: 1, _where, [3, 4], workers=1)
    assert (head, out) == (1, [(3, here), (4, here)])


def _fails_in_the_helper(parent):
    def work(x):
        if os.getpid() != parent:
            if x == 2:
                os._exit(3)                  # the helper dies on the third item it takes
            raise ValueError("only in the helper")
        return x * x
    return work


@fork_only
def test_an_item_the_helper_does_not_hand_back_is_done_again_here():
    """A helper that raises or dies loses nothing: this process redoes its items."""
    head, out = map_beside(lambda: time.sleep(0.2) or "first", _fails_in_the_helper(os.getpid()),
                           list(range(6)), workers=2)
    assert (head, out) == ("first", [x * x for x in range(6)])


def _unpicklable(x):
    return (lambda: x) if os.getpid() != _PARENT[0] else x


_PARENT = [os.getpid()]


@fork_only
def test_a_result_that_cannot_be_pickled_is_computed_here():
    _PARENT[0] = os.getpid()
    head, out = map_beside(lambda: time.sleep(0.2), _unpicklable, [1, 2, 3], workers=2)
    assert out == [1, 2, 3]


@fork_only
def test_an_error_raised_here_stops_the_helper():
    def first():
        time.sleep(0.2)
        raise KeyError("in first")

    with pytest.raises(KeyError):
        map_beside(first, _nap, [60, 60], workers=2)
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()


def test_an_error_of_an_item_is_raised_as_serially():
    def work(x):
        raise ZeroDivisionError(x)

    with pytest.raises(ZeroDivisionError):
        map_beside(lambda: None, work, [1, 2], workers=2)


def _big(k):
    return bytes(200_000) + bytes([k])        # more than a pipe holds (64 KB)


@fork_only
def test_spare_items_are_the_helpers_once_the_items_are_done():
    """The helper goes on with the spare items; ``first`` takes their answers (each the
    serial one), several of them larger than a pipe holds: the helper does not wait for
    this process to read one before it does the next."""
    def first(take):
        time.sleep(1.0)                       # the helper is through the items and the spares
        return [take(j) for j in range(5)]

    head, out = map_beside(first, _big, [0, 1], workers=2, spare=[2, 3, 4, 5, 6])
    assert out == [_big(0), _big(1)]
    assert head == [(True, _big(k)) for k in range(2, 7)]
    assert not multiprocessing.active_children()


@fork_only
def test_a_spare_item_asked_for_before_the_helper_begins_it_is_left_here():
    """``take`` of a spare item the helper has not begun: ``(False, None)``, and the helper
    never does it; spare items nobody asks for are not done here."""
    here = os.getpid()
    done_here = []

    def work(x):
        if os.getpid() == here:
            done_here.append(x)
        time.sleep(0.3)
        return x, os.getpid()

    def first(take):
        return take(1)                         # the helper is still at the items

    head, out = map_beside(first, work, [0, 1], workers=2, spare=[2, 3])
    assert head == (False, None)
    assert [x for x, _ in out] == [0, 1]
    assert 2 not in done_here and 3 not in done_here


def _slow_when_asked(started, go, x):
    """``x``, but the item ``"slow"`` says it has begun (``started``) and waits for ``go``."""
    if x == "slow":
        started.set()
        go.wait(30)
    return x


@fork_only
def test_a_spare_item_the_helper_is_at_is_not_waited_for_unless_asked():
    """``take(j, wait=False)`` of a spare item the helper is still at: ``(False, None)`` at
    once (this process does it, and the helper's answer is dropped)."""
    started, go = multiprocessing.Event(), multiprocessing.Event()
    work = partial(_slow_when_asked, started, go)

    def first(take):
        assert started.wait(30)                # the helper is at the spare item 0
        asked = time.monotonic()
        answer = take(0, wait=False)
        waited = time.monotonic() - asked
        go.set()
        return answer, waited, take(0)         # asked again: it is this process's now

    (answer, waited, again), out = map_beside(first, work, [0, 1], workers=2, spare=["slow"])
    assert answer == (False, None) and again == (False, None) and waited < 10
    assert out == [0, 1]


@fork_only
def test_a_spare_answer_already_sent_is_taken_without_waiting():
    """``take(j, wait=False)`` of an answer the helper has sent: taken all the same."""
    def first(take):
        deadline = time.monotonic() + 30
        while multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.05)                   # the helper has sent everything and ended
        return [take(j, wait=False) for j in range(3)]

    head, out = map_beside(first, abs, [-1, -2], workers=2, spare=[-3, -4, -5])
    assert head == [(True, 3), (True, 4), (True, 5)] and out == [1, 2]


def test_spare_items_without_a_helper_are_never_taken():
    head, out = map_beside(lambda take: [take(0), take(1), take.arrived(0, 2)], abs, [-1, -2],
                           workers=1, spare=[-3, -4])
    assert head == [(False, None), (False, None), {}] and out == [1, 2]


@fork_only
def test_arrived_gives_the_spare_answers_sent_so_far_and_claims_no_other():
    """``take.arrived(lo, hi)``: the answers to the spare items in ``lo:hi`` that the helper
    has sent (each once), without waiting for the one it is at, which stays its own: it
    comes later, and ``take`` of it then waits for it."""
    started, go = multiprocessing.Event(), multiprocessing.Event()
    work = partial(_slow_when_asked, started, go)

    def first(take):
        assert started.wait(30)                # the helper sent spares 0 and 1, is at 2
        deadline = time.monotonic() + 30
        sent = {}
        while len(sent) < 2 and time.monotonic() < deadline:
            sent.update(take.arrived(0, 3))
            time.sleep(0.01)
        again = take.arrived(0, 3)            # given once
        go.set()
        return sent, again, take(2)

    (sent, again, slow), out = map_beside(first, work, [0, 1], workers=2, spare=["a", "b", "slow"])
    assert sent == {0: "a", 1: "b"} and again == {} and slow == (True, "slow")
    assert out == [0, 1]


def _seen_later(keys, ready, asked, answer):
    assert ready.wait(30)
    answer.value = int(7 in keys) + 2 * int(8 in keys)
    asked.set()


@fork_only
def test_shared_keys_added_here_after_the_fork_are_seen_by_the_helper():
    """What this process takes on itself, added after the helper was forked, is read there."""
    context = multiprocessing.get_context("fork")
    keys = SharedKeys(4)
    ready, asked, answer = context.Event(), context.Event(), context.Value("i", -1)
    helper = context.Process(target=_seen_later, args=(keys, ready, asked, answer))
    helper.start()
    keys.add(7)
    ready.set()
    assert asked.wait(30)
    helper.join(30)
    assert answer.value == 1                 # 7 seen there, 8 never added
    for k in range(10):                      # no more than its capacity is kept
        keys.add(k)
    assert 2 in keys and 3 not in keys      # 7, 0, 1 and 2


# ---------------------------------------------------------------- solving ahead


@fork_only
def test_points_solved_ahead_are_the_points_solved_here():
    """A helper solves the points ahead; solved_at takes its answers, the same as its own."""
    from fractions import Fraction

    from deterrence import load_game
    from deterrence.parametric import solved
    from deterrence.solver import solve

    game = load_game("crisis_bargaining")
    points = [{"p": Fraction(k, 7)} for k in range(1, 6)]
    with solved.solving_ahead(game, points):
        time.sleep(0.3)                       # the helper is at them
        assert not solved.is_solved(game, points[-1])       # not counted until taken
        answers = [solved.solved_at(game, v)[0] for v in points]
    for values, answer in zip(points, answers):
        own = solve(game.with_values(values))
        assert [e.label(answer.game) for e in answer.equilibria] == [e.label(own.game) for e in own.equilibria]
        assert [e.payoffs for e in answer.equilibria] == [e.payoffs for e in own.equilibria]
    assert not multiprocessing.active_children()


@fork_only
def test_a_helper_that_dies_leaves_its_points_to_this_process(monkeypatch):
    from fractions import Fraction

    from deterrence import load_game
    from deterrence.parametric import solved

    parent = os.getpid()
    real = solved._solved

    def dies_in_the_helper(game, values, components):
        if os.getpid() != parent:
            os._exit(5)
        return real(game, values, components)

    monkeypatch.setattr(solved, "_solved", dies_in_the_helper)
    game = load_game("punishment_credibility")
    points = [{"p": Fraction(k, 11)} for k in range(1, 4)]
    with solved.solving_ahead(game, points):
        time.sleep(0.2)
        values = [solved.solved_at(game, v)[1].parameters.values()["p"] for v in points]
    assert values == [Fraction(k, 11) for k in range(1, 4)]


@pytest.mark.parametrize("game, name", [("kahn_ladder", "p"), ("crisis_bargaining", "ws"),
                                        ("two_sided_uncertainty", "V")])
def test_a_tree_sweep_with_a_helper_is_the_serial_sweep(game, name):
    """--workers 2 solves some points of a tree's sweep ahead: the same sweep."""
    from deterrence import load_game
    from deterrence.parametric import solved
    from deterrence.parametric.ranges import Range
    from deterrence.parametric.sampling import parameter_box
    from deterrence.parametric.sweep import sweep_one

    out = []
    for workers in (1, 2):
        g = load_game(game)
        solved.forget(g)                      # nothing solved before: the walk solves it all
        box = {n: (lo, hi) for n, lo, hi in parameter_box(g)}
        s = sweep_one(g, Range(name, *box[name]), steps=21, workers=workers)
        rows = s.answers(range(21), detail=False)
        out.append((s.regimes, [(c.value, c.formula_texts()) for c in s.changes], s.segments,
                    [[a.label() for a in row] for row in rows]))
    assert out[0] == out[1]
