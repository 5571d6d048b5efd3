"""The sequence form of a two-player tree with perfect recall, and every extreme
Nash equilibrium of it, exact.

Koller, Megiddo and von Stengel ("Efficient computation of equilibria for
extensive two-person games", *Games and Economic Behavior* 14, 1996) and von
Stengel ("Efficient computation of behavior strategies", *GEB* 14, 1996)
describe a mixed strategy of a player with perfect recall by its *realization
plan*: one probability per *sequence* of the player's own moves (the empty
sequence, and every pair of an information set and an action). A plan ``x``
is exactly a vector with

.. math::

    E x = e, \\qquad x \\ge 0,

where ``E`` has a row ``x_∅ = 1`` and, per information set ``h``, a row
``Σ_a x_{ha} = x_{σ(h)}`` (``σ(h)``: the sequence that leads to ``h``). The
payoff of a pair of plans is bilinear, ``x^T A y`` and ``x^T B y``, with one
entry of ``A`` and ``B`` per pair of sequences that meet at a leaf. Its size
is linear in the tree; the reduced strategic form is exponential.

By linear-programming duality, ``y`` is a best response to ``x`` exactly when
some ``v`` has ``F^T v ≥ B^T x`` with equality on the support of ``y``. So the
Nash equilibria are the complementary pairs of the two polyhedra

.. math::

    P = \\{(x, v) : E x = e,\\ x \\ge 0,\\ F^T v - B^T x \\ge 0\\}, \\qquad
    Q = \\{(y, u) : F y = f,\\ y \\ge 0,\\ E^T u - A y \\ge 0\\},

a label for every sequence (its plan entry is zero, or it is a best
response), the pairs whose labels together cover every sequence. As for
matrices (:mod:`deterrence.nash.enumeration`, whose matching and component
machinery is reused here), every extreme equilibrium is a complementary pair
of *vertices*: the set of equilibria is a finite union of products of faces,
and a face of a pointed polyhedron has vertices. cddlib enumerates both vertex
sets exactly (Audet, Belhaiza and Hansen, "A new sequence form approach for
the enumeration and refinement of all extreme Nash equilibria for extensive
form games", *IGTR* 11, 2009, do the same). Maximal Nash subsets are the
maximal bicliques of the graph of extreme equilibria, components its connected
parts, exactly as for matrices: best responses are linear in the other plan.

Behaviour at some information sets can be *fixed* (a row
``x_{ha} = β_h(a) x_{σ(h)}`` per action): the equilibria of the game in which
those moves are prescribed, which is how a continuation off the path of play
is solved (:mod:`deterrence.trees.refine`). The same works on a region of the
tree (a subgame with the subgames below it replaced by values), as for the
reduced form.

Example
-------
Selten's entry game: two extreme equilibria in one continuum (the Incumbent's
threat) and the subgame-perfect one.

>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> form = sequence_form(game)
>>> form.n_sequences
(3, 3)
>>> nash = extreme_equilibria(form)
>>> [form.behaviour_text(x, y) for x, y in nash.pairs]
['start: Challenge; respond: Acquiesce', 'start: Status quo; respond: Retaliate', 'start: Status quo; respond: 1/3 Retaliate + 2/3 Acquiesce']
>>> [c.extreme for c in nash.components]
[(0,), (1, 2)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping, Sequence

import numpy as np

from deterrence.errors import UsageError
from deterrence.nash.result import Component

#: Most sequences (both players together) whose polyhedra are enumerated.
MAX_SEQUENCES = 160
#: Most vertices of one polyhedron that are matched (beyond: too degenerate).
MAX_VERTICES = 200000

Plan = tuple[Fraction, ...]


@dataclass(frozen=True)
class SequenceForm:
    """The sequence form of (a region of) a two-player tree.

    Parameters
    ----------
    game:
        The tree.
    root, cut:
        The region: the subtree at ``root``, with each ``cut`` node a leaf
        worth the given payoffs (from there on).
    infosets:
        Per player, its information sets in the region (by first node).
    parent_sequence:
        Information set -> index of the sequence that leads to it (0: empty).
    first_sequence:
        Information set -> index of the sequence of its first action; the
        sequences of one information set are consecutive.
    n_sequences:
        Number of sequences of each player (the empty one included).
    payoffs:
        ``(s1, s2) -> (payoff of player 1, payoff of player 2)``, chance
        probabilities included, summed over the leaves where the two
        sequences meet.
    """

    game: object
    root: int
    cut: tuple[tuple[int, tuple[Fraction, ...]], ...]
    infosets: tuple[tuple[int, ...], tuple[int, ...]]
    parent_sequence: Mapping[int, int]
    first_sequence: Mapping[int, int]
    n_sequences: tuple[int, int]
    payoffs: Mapping[tuple[int, int], tuple[Fraction, Fraction]]
    leaves: Mapping[int, tuple[int, int, Fraction]] = field(default_factory=dict)

    # ------------------------------------------------------------ plans

    def outcome(self, x: Plan, y: Plan) -> tuple[tuple[int, Fraction], ...]:
        """``(leaf, probability)`` of every leaf of the region (terminal or cut node)
        reached with positive probability under the plans."""
        out = []
        for leaf, (s1, s2, weight) in sorted(self.leaves.items()):
            a, b = x[s1], y[s2]
            if a and b and weight:
                out.append((leaf, weight * a * b))
        return tuple(out)

    def sequence_of(self, h: int, action: int) -> int:
        return self.first_sequence[h] + action

    def n_actions(self, h: int) -> int:
        return len(self.game.infoset_actions(h))

    def player_of(self, h: int) -> int:
        return self.game.infoset_player[h]

    def constraint_rows(self, player: int, fixed: Mapping[int, Sequence[Fraction]] = ()
                        ) -> list[list[int]]:
        """Rows of ``E`` (or ``F``), then one row per action but the last of every
        fixed information set of the player, as integer rows (``row · x = rhs``,
        the right-hand side is 1 for the first row, 0 for the others)."""
        n = self.n_sequences[player]
        rows = []
        first = [0] * n
        first[0] = 1
        rows.append(first)
        for h in self.infosets[player]:
            row = [0] * n
            row[self.parent_sequence[h]] = -1
            for j in range(self.n_actions(h)):
                row[self.sequence_of(h, j)] = 1
            rows.append(row)
        fixed = dict(fixed)
        for h in self.infosets[player]:
            if h not in fixed:
                continue
            probs = [Fraction(p) for p in fixed[h]]
            scale = math.lcm(*(p.denominator for p in probs))
            for j in range(self.n_actions(h) - 1):
                row = [0] * n
                row[self.sequence_of(h, j)] = scale
                row[self.parent_sequence[h]] -= int(probs[j] * scale)
                rows.append(row)
        return rows

    def payoff_matrix(self, player: int) -> dict[tuple[int, int], Fraction]:
        return {k: v[player] for k, v in self.payoffs.items() if v[player]}

    def value(self, x: Plan, y: Plan) -> tuple[Fraction, Fraction]:
        """Expected payoffs ``(x^T A y, x^T B y)``."""
        a = b = Fraction(0)
        for (s, t), (pa, pb) in self.payoffs.items():
            xs = x[s]
            if not xs:
                continue
            yt = y[t]
            if not yt:
                continue
            w = xs * yt if xs != 1 else yt
            if w == 1:
                a += pa
                b += pb
            else:
                a += w * pa
                b += w * pb
        return a, b

    def best_response_value(self, player: int, other: Plan,
                            fixed: Mapping[int, Sequence[Fraction]] = ()) -> Fraction:
        """The most ``player`` can get against the other's plan (moves at ``fixed``
        information sets as prescribed), by backward induction over its sequences."""
        n = self.n_sequences[player]
        gain = [Fraction(0)] * n
        for (s, t), pair in self.payoffs.items():
            mine, theirs = (s, t) if player == 0 else (t, s)
            w = other[theirs]
            if w:
                gain[mine] += w * pair[player]
        fixed = dict(fixed)
        for h in sorted(self.infosets[player], key=lambda h: -self.first_sequence[h]):
            options = [gain[self.sequence_of(h, j)] for j in range(self.n_actions(h))]
            if h in fixed:
                best = sum((Fraction(p) * v for p, v in zip(fixed[h], options)), Fraction(0))
            else:
                best = max(options)
            gain[self.parent_sequence[h]] += best
        return gain[0]

    def behaviour(self, player: int, plan: Plan) -> dict[int, tuple[Fraction, ...] | None]:
        """Behaviour at every information set of the player from its realization plan;
        ``None`` where the plan itself never reaches the set."""
        out: dict[int, tuple[Fraction, ...] | None] = {}
        for h in self.infosets[player]:
            total = plan[self.parent_sequence[h]]
            if not total:
                out[h] = None
                continue
            out[h] = tuple(plan[self.sequence_of(h, j)] / total for j in range(self.n_actions(h)))
        return out

    def profile_behaviour(self, x: Plan, y: Plan) -> dict[int, tuple[Fraction, ...] | None]:
        out = self.behaviour(0, x)
        out.update(self.behaviour(1, y))
        return out

    def behaviour_text(self, x: Plan, y: Plan) -> str:
        """``start: Challenge; respond: Acquiesce`` (``*`` where a plan leaves a set open)."""
        from deterrence.trees.result import behaviour_text

        parts = []
        behaviour = self.profile_behaviour(x, y)
        for h in sorted(behaviour, key=lambda h: self.game.members[h][0]):
            b = behaviour[h]
            text = "*" if b is None else behaviour_text(self.game.infoset_actions(h), b)
            parts.append(f"{self.game.decision_point(h)}: {text}")
        return "; ".join(parts)

    def plan_of(self, player: int, behaviour: Sequence[Sequence[Fraction]]) -> Plan:
        """The realization plan of a behaviour strategy (indexed by information set)."""
        plan = [Fraction(0)] * self.n_sequences[player]
        plan[0] = Fraction(1)
        for h in sorted(self.infosets[player], key=lambda h: self.first_sequence[h]):
            base = plan[self.parent_sequence[h]]
            for j, p in enumerate(behaviour[h]):
                plan[self.sequence_of(h, j)] = base * Fraction(p)
        return tuple(plan)


def sequence_form(game, root: int = 0, cut: Mapping[int, Sequence[Fraction]] | None = None
                  ) -> SequenceForm:
    """The sequence form of the tree from ``root``, with ``cut`` subtrees replaced by
    the given payoff vectors (their values from the cut node on).

    Raises
    ------
    UsageError
        If the tree has more or fewer than two players.
    """
    if game.n_players != 2:
        raise UsageError(f"the sequence form here is for two players, not {game.n_players}",
                         hint="use --method reduced-form (pure equilibria) for more players")
    cut = {int(k): tuple(Fraction(x) for x in v) for k, v in (cut or {}).items()}
    nodes = game.subtree_nodes(root).tolist() if root else range(game.size)
    infosets: list[list[int]] = [[], []]
    seen: set[int] = set()
    first_sequence: dict[int, int] = {}
    parent_sequence: dict[int, int] = {}
    count = [1, 1]
    # per node: (sequence of player 1, sequence of player 2, chance weight, payoff so far)
    state: dict[int, tuple[int, int, Fraction, tuple[Fraction, Fraction]]] = {}
    zero = (Fraction(0), Fraction(0))
    payoffs: dict[tuple[int, int], list[Fraction]] = {}
    leaves: dict[int, tuple[int, int, Fraction]] = {}
    inside = None if not root else set(nodes)
    for v in nodes:
        if v == root:
            s = (0, 0, Fraction(1), zero)
        else:
            parent = int(game.parent[v])
            if inside is not None and parent not in inside:
                continue
            if parent not in state:
                continue  # below a cut node
            s1, s2, weight, paid = state[parent]
            m = int(game.mover[parent])
            edge = int(game.parent_edge[v])
            j = edge - int(game.offsets[parent])
            if m == -1:
                weight = weight * game.probability(edge)
            else:
                h = int(game.infoset[parent])
                seq = first_sequence[h] + j
                s1, s2 = (seq, s2) if m == 0 else (s1, seq)
            s = (s1, s2, weight, paid)
        s1, s2, weight, paid = s
        own = game.node_payoff(v) if v not in cut or v == root else None
        if own:
            paid = (paid[0] + own[0], paid[1] + own[1])
        if (v in cut and v != root) or game.is_terminal(v):
            value = cut[v] if v in cut and v != root else (Fraction(0), Fraction(0))
            total = (paid[0] + value[0], paid[1] + value[1])
            leaves[v] = (s1, s2, weight)
            if weight and (total[0] or total[1]):
                entry = payoffs.setdefault((s1, s2), [Fraction(0), Fraction(0)])
                entry[0] += weight * total[0]
                entry[1] += weight * total[1]
            continue
        state[v] = (s1, s2, weight, paid)
        m = int(game.mover[v])
        if m >= 0:
            h = int(game.infoset[v])
            if h not in seen:
                seen.add(h)
                infosets[m].append(h)
                parent_sequence[h] = s1 if m == 0 else s2
                first_sequence[h] = count[m]
                count[m] += len(game.infoset_actions(h))
    return SequenceForm(game, root, tuple(sorted(cut.items())), (tuple(infosets[0]), tuple(infosets[1])),
                        parent_sequence, first_sequence, (count[0], count[1]),
                        {k: (v[0], v[1]) for k, v in payoffs.items()}, leaves)


# --------------------------------------------------------------------- polyhedra


_ZERO = Fraction(0)


def _integer_scale(values) -> int:
    return math.lcm(*(Fraction(v).denominator for v in values)) if values else 1


def _polyhedron_vertices(form: SequenceForm, player: int, fixed_own, fixed_other,
                         seconds: float | None = None):
    """Vertices of the best-response polyhedron of ``player``'s plan (``P`` for player
    1, ``Q`` for player 2) and the labels of each.

    The polyhedron is ``{(z, w) : C z = c, z >= 0, D^T w - M^T z >= 0}`` with ``C``
    the player's constraint rows, ``D`` the other player's and ``M`` the payoff
    matrix of the *other* player written with the player's sequences as rows. Labels:
    ``z_s = 0`` is label ``s`` (offset by the player's position); a tight row of the
    other player's sequence ``t`` is label ``t`` (offset likewise).
    """
    other = 1 - player
    n_own, n_other = form.n_sequences[player], form.n_sequences[other]
    own_rows = form.constraint_rows(player, fixed_own)
    other_rows = form.constraint_rows(other, fixed_other)
    k = len(other_rows)
    matrix = form.payoff_matrix(other)  # keys (s1, s2)
    scale = _integer_scale(list(matrix.values()))
    dim = n_own + k
    rows = []
    # equalities: C z = c  ->  -c + C z = 0
    for r, row in enumerate(own_rows):
        rows.append([-1 if r == 0 else 0] + row + [0] * k)
    lin = frozenset(range(len(own_rows)))
    label_of_row = {}
    for s in range(n_own):
        row = [0] * (dim + 1)
        row[1 + s] = 1
        label_of_row[len(rows)] = (player, s)
        rows.append(row)
    # D^T w - M^T z >= 0, one row per sequence t of the other player
    columns: list[dict[int, int]] = [dict() for _ in range(n_other)]
    for (s1, s2), value in matrix.items():
        s, t = (s1, s2) if player == 0 else (s2, s1)
        columns[t][s] = columns[t].get(s, 0) + int(value * scale)
    for t in range(n_other):
        row = [0] * (dim + 1)
        for s, value in columns[t].items():
            row[1 + s] = -value
        for r, other_row in enumerate(other_rows):
            if other_row[t]:
                row[1 + n_own + r] = other_row[t]
        label_of_row[len(rows)] = (other, t)
        rows.append(row)
    # the constraint rows are independent (each information set's row, and each fixed
    # action's, has a sequence of its own), so this is the dimension of the polyhedron;
    # a vertex with exactly this many labels is simple
    dimension = n_own - len(own_rows) + k
    key = (tuple(map(tuple, rows)), lin)
    vertices = _ENUMERATED.get(key)
    if vertices is None:
        vertices = _vertices(rows, lin, dimension, seconds)
        if len(_ENUMERATED) >= MAX_ENUMERATED:
            _ENUMERATED.clear()
        _ENUMERATED[key] = vertices
    n1 = form.n_sequences[0]
    total = n1 + form.n_sequences[1]
    plans, labels = [], []
    for row, tight in vertices:
        scale = Fraction(row[0])
        if scale == 1:
            plans.append(tuple(Fraction(row[1 + s]) if row[1 + s] else _ZERO for s in range(n_own)))
        else:
            plans.append(tuple(Fraction(row[1 + s]) / scale if row[1 + s] else _ZERO
                               for s in range(n_own)))
        mask = np.zeros(total, dtype=bool)
        for r in tight:
            if r in label_of_row:
                p, s = label_of_row[r]
                mask[s if p == 0 else n1 + s] = True
        labels.append(mask)
    return plans, (np.array(labels, dtype=bool).reshape(len(labels), total)), dimension


#: Vertex enumerations remembered, by their exact integer rows: nearby points of a sweep
#: share a player's polyhedron where the swept parameter leaves the other's payoffs alone.
_ENUMERATED: dict = {}
#: Most enumerations remembered.
MAX_ENUMERATED = 256


def _cdd_vertices(rows, lin) -> list[tuple[tuple, frozenset]]:
    """The vertices of ``{z : b + A z >= 0}`` (rows ``[b, A]``, equalities ``lin``) with
    the rows tight at each (cddlib, exact, on the system without its equalities:
    :mod:`deterrence.trees.polyhedra`), at most one more than :data:`MAX_VERTICES`."""
    from deterrence.trees.polyhedra import vertices

    return vertices(rows, lin)[: MAX_VERTICES + 1]


def _vertices(rows, lin, dimension: int, seconds: float | None = None
              ) -> list[tuple[tuple, frozenset]]:
    """:func:`_cdd_vertices`, in a child process with a time limit when the polyhedron is
    large (cddlib cannot be interrupted, and degenerate trees, such as a pool whose every
    off-path response may deter, have exponentially many vertices).

    Raises
    ------
    UsageError
        When the enumeration takes more than ``seconds`` (default
        :data:`ENUMERATION_SECONDS`) or finds more
        than :data:`MAX_VERTICES` vertices.
    """
    import multiprocessing

    seconds = ENUMERATION_SECONDS if seconds is None else seconds
    if dimension <= INLINE_DIMENSION or "fork" not in multiprocessing.get_all_start_methods():
        out = _cdd_vertices(rows, lin)
    else:
        out = _in_child(_cdd_vertices, (rows, lin), seconds)
        if out is None:
            raise UsageError(f"the sequence form has too many extreme equilibria to "
                             f"enumerate in {seconds:g} s",
                             hint="solve by subgame perfection, or a smaller tree")
    if len(out) > MAX_VERTICES:
        raise UsageError("the sequence form is too degenerate to enumerate (more than "
                         f"{MAX_VERTICES} vertices)", hint="use --method reduced-form")
    return out


def _child_main(connection, work, args) -> None:
    import signal

    # the command line's SIGINT/SIGTERM handlers run only between bytecodes, never inside
    # cddlib: the child takes the default ones (and is stopped by SIGKILL anyway)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        connection.send((True, work(*args)))
    except BaseException as exc:  # handed back to the parent, raised there
        connection.send((False, exc))
    finally:
        connection.close()


def _in_child(work, args, seconds: float):
    """``work(*args)`` in a forked child process, or ``None`` when it has not answered
    within ``seconds`` (the child is then killed: cddlib cannot be interrupted)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sender, work, args))
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            return None
        try:
            ok, value = receiver.recv()
        except EOFError:  # the child died without answering (out of memory, killed)
            raise UsageError("the vertex enumeration's process ended without an answer",
                             hint="solve by subgame perfection, or a smaller tree") from None
        if not ok:
            raise value
        return value
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


#: Polyhedra of up to this dimension are enumerated in the process itself.
INLINE_DIMENSION = 16
#: Time limit of one vertex enumeration in a child process.
ENUMERATION_SECONDS = 20


@dataclass(frozen=True)
class SequenceNash:
    """Every extreme Nash equilibrium of a sequence form, as pairs of realization plans.

    ``pairs[k]`` is an extreme equilibrium ``(x, y)``; ``components`` lists the
    connected components and their maximal Nash subsets (indices into ``pairs``),
    as :func:`deterrence.nash.enumeration.equilibrium_components` gives them.
    """

    form: SequenceForm
    pairs: tuple[tuple[Plan, Plan], ...]
    components: tuple[Component, ...]
    fixed: tuple[tuple[int, tuple[Fraction, ...]], ...] = ()

    def component_of(self, k: int) -> int:
        return next(c for c, comp in enumerate(self.components) if k in comp.extreme)


def extreme_equilibria(form: SequenceForm, fixed: Mapping[int, Sequence[Fraction]] | None = None,
                       seconds: float | None = None, components: bool = True) -> SequenceNash:
    """Every extreme Nash equilibrium of the sequence form, exact and verified.

    ``fixed`` prescribes behaviour at some information sets (either player's);
    ``seconds`` bounds each of the two vertex enumerations (default
    :data:`ENUMERATION_SECONDS`); without ``components`` the connected components
    are not looked for (``SequenceNash.components`` is empty).

    Raises
    ------
    UsageError
        If the form has more than :data:`MAX_SEQUENCES` sequences, or an
        enumeration runs past ``seconds``.
    """
    from deterrence.nash.enumeration import complementary_pairs, equilibrium_components
    from deterrence.nash.verify import VerificationError

    if sum(form.n_sequences) > MAX_SEQUENCES:
        raise UsageError(f"the sequence form has {sum(form.n_sequences)} sequences, too many "
                         f"to enumerate every extreme equilibrium (limit {MAX_SEQUENCES})",
                         hint="solve a smaller tree, or by subgame perfection")
    fixed = {int(h): tuple(Fraction(p) for p in b) for h, b in (fixed or {}).items()}
    fixed_by = [{h: b for h, b in fixed.items() if form.player_of(h) == i} for i in (0, 1)]
    xs, labels_p, dim_p = _polyhedron_vertices(form, 0, fixed_by[0], fixed_by[1], seconds)
    ys, labels_q, _ = _polyhedron_vertices(form, 1, fixed_by[1], fixed_by[0], seconds)
    found: dict[tuple[Plan, Plan], None] = {}
    for a, b in complementary_pairs(labels_p, labels_q, dim_p):
        found.setdefault((xs[a], ys[b]), None)
    pairs = sorted(found, key=lambda pair: tuple(-p for plan in pair for p in plan))
    for x, y in pairs:
        value = form.value(x, y)
        for player, plan in ((0, y), (1, x)):
            best = form.best_response_value(player, plan, fixed_by[player])
            if best != value[player]:  # pragma: no cover - a bug, never a user error
                raise VerificationError(f"sequence-form equilibrium fails: player {player + 1} "
                                        f"gains {best - value[player]}")
    found_components = tuple(equilibrium_components(pairs)) if pairs and components else ()
    return SequenceNash(form, tuple(pairs), found_components, tuple(sorted(fixed.items())))


def applies(game) -> bool:
    """Whether the sequence form applies: two players with perfect recall."""
    return game.n_players == 2 and game.has_perfect_recall


__all__ = ["SequenceForm", "SequenceNash", "sequence_form", "extreme_equilibria", "applies",
           "MAX_SEQUENCES"]
