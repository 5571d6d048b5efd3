"""Exercises on deterrence by punishment: credibility, a resolute type,
capability, and brinkmanship.

Each game is a tree of perfect information (chance moves allowed), so the
subgame-perfect answer is exact and complete; every threshold stated in a key
is confirmed by solving the game just below and just above it.

Example
-------
>>> import random
>>> ex = resolute_type(random.Random("doc"), 1)
>>> ex.fact("threshold").startswith("p > ")
True
"""

from __future__ import annotations

import random
from fractions import Fraction

from deterrence.teaching.exercises.base import MAX_TRIES, Exercise, fmt, pick_fraction, read_text, tree_file

CHALLENGER, DEFENDER = "Challenger", "Defender"
EPS = Fraction(1, 1000)


def _solve_label(game, values=None):
    from deterrence.solver import solve

    g = game if values is None else game.with_values(values)
    result = solve(g)
    (eq,) = result.equilibria
    return eq.label(g), eq, result


# ---------------------------------------------------------------- credibility


def credibility_game(V: int, a: int, c: int, d: Fraction, number: int = 1):
    """Challenge and retaliate with an audience cost ``a`` for backing down.

    The Defender retaliates at cost ``d`` or backs down, losing the stake
    ``V`` and suffering the audience cost ``a``; the threat is credible when
    ``d < V + a``. Returns ``(game, text)``.
    """
    text = tree_file(
        f"Exercise {number}: a threat with an audience cost", [CHALLENGER, DEFENDER],
        [("V", V, "value of the stake", {"min": 0}), ("a", a, "defender's audience cost of backing down", {"min": 0}),
         ("c", c, "challenger's cost of a fight", {"min": 0}), ("d", d, "defender's cost of retaliating", {"min": 0})],
        {"start": {"player": CHALLENGER, "actions": {"Challenge": "respond", "Status quo": "sq"}},
         "respond": {"player": DEFENDER, "actions": {"Retaliate": "fight", "Back down": "concede"}}},
        {"sq": ("status quo", {CHALLENGER: 0, DEFENDER: 0}),
         "fight": ("fight", {CHALLENGER: "-c", DEFENDER: "-d"}),
         "concede": ("defender backs down", {CHALLENGER: "V", DEFENDER: "-V - a"})})
    return read_text(text, "credibility.toml"), text


def credibility(rng: random.Random, number: int) -> Exercise:
    V, a, c = rng.randint(1, 6), rng.randint(0, 4), rng.randint(1, 5)
    threshold = Fraction(V + a)
    d = Fraction(rng.choice([k for k in range(1, 2 * (V + a) + 3) if k != V + a]))
    game, text = credibility_game(V, a, c, d, number)
    label, eq, result = _solve_label(game)

    def retaliates(value: Fraction) -> bool:
        return "Defender: Retaliate" in _solve_label(game, {"d": value})[0]

    assert retaliates(threshold - Fraction(1, 2)) and not retaliates(threshold + Fraction(1, 2))
    credible = d < threshold
    lines = [
        f"At 'respond' the Defender compares -d (Retaliate) with -V - a = {-(V + a)} (Back down): "
        f"retaliation is its best reply exactly when d < V + a = {fmt(threshold)}.",
        f"Here d = {fmt(d)}, so the threat is "
        + ("credible: at 'start' the Challenger, facing a fight that costs it "
           f"{c}, keeps the status quo." if credible else
           "not credible: the Defender would back down, so at 'start' the Challenger challenges."),
        f"Subgame-perfect equilibrium: {label}; payoffs " + ", ".join(fmt(v) for v in eq.payoffs) + ".",
    ]
    question = ("For which values of the Defender's cost of retaliating d is its threat to "
                "retaliate credible? At the given value of d, what is the subgame-perfect "
                "equilibrium?")
    hints = ("Start at the Defender's node: what does it get from each answer once challenged?",
             "A public commitment (the audience cost a) makes backing down worse.")
    facts = (("threshold", f"d < {fmt(threshold)}"), ("credible", str(credible).lower()),
             ("equilibrium", label))
    story = ("A Challenger may contest a stake V that a Defender holds. The Defender has publicly "
             "committed to retaliate; backing down now would cost it an audience cost a.")
    return Exercise("credibility", number, game, question, tuple(lines), facts, result, text, hints, story)


# ---------------------------------------------------------------- resolute type


def resolute_game(V: int, c: int, d: int, e: int, p: Fraction, number: int = 1):
    """Nature makes the Defender resolute (retaliation costs it only ``e < V``)
    with probability ``p``; an irresolute one would pay ``d > V``."""
    text = tree_file(
        f"Exercise {number}: a defender who may be resolute", [CHALLENGER, DEFENDER],
        [("p", p, "probability that the Defender is resolute", {"type": "probability"}),
         ("V", V, "value of the stake", {"min": 0}), ("c", c, "the Challenger's cost of a fight", {"min": 0}),
         ("d", d, "an irresolute Defender's cost of retaliating", {"min": 0}),
         ("e", e, "a resolute Defender's cost of retaliating", {"min": 0})],
        {"start": {"player": CHALLENGER, "actions": {"Challenge": "type", "Status quo": "sq"}},
         "type": {"chance": {"Resolute": "p", "Irresolute": "1 - p"},
                  "actions": {"Resolute": "resolute", "Irresolute": "irresolute"}},
         "resolute": {"player": DEFENDER, "actions": {"Retaliate": "fight_r", "Acquiesce": "concede_r"}},
         "irresolute": {"player": DEFENDER, "actions": {"Retaliate": "fight_i", "Acquiesce": "concede_i"}}},
        {"sq": ("status quo", {CHALLENGER: 0, DEFENDER: 0}),
         "fight_r": ("war", {CHALLENGER: "-c", DEFENDER: "-e"}),
         "concede_r": ("the Defender acquiesces", {CHALLENGER: "V", DEFENDER: "-V"}),
         "fight_i": ("war", {CHALLENGER: "-c", DEFENDER: "-d"}),
         "concede_i": ("the Defender acquiesces", {CHALLENGER: "V", DEFENDER: "-V"})})
    return read_text(text, "resolute.toml"), text


def resolute_type(rng: random.Random, number: int) -> Exercise:
    V, c = rng.randint(1, 6), rng.randint(1, 6)
    d, e = V + rng.randint(1, 4), rng.randint(0, V - 1)
    threshold = Fraction(V, V + c)
    p = pick_fraction(rng, ["1/10", "1/5", "1/4", "1/3", "2/5", "1/2", "3/5", "2/3", "3/4", "4/5", "9/10"],
                      avoid=[threshold])
    game, text = resolute_game(V, c, d, e, p, number)
    label, eq, result = _solve_label(game)

    def challenges(value: Fraction) -> bool:
        return "Challenger: Challenge" in _solve_label(game, {"p": value})[0]

    assert challenges(threshold - EPS) and not challenges(threshold + EPS)
    deterred = p > threshold
    lines = [
        f"At 'resolute' retaliating costs {e} < V = {V}: the resolute Defender retaliates. At "
        f"'irresolute' it costs {d} > {V}: the irresolute one acquiesces. Its threat is credible "
        "only with probability p.",
        f"At 'start' challenging is worth p (-c) + (1 - p) V = {fmt(p)} (-{c}) + {fmt(1 - p)} ({V}) = "
        f"{fmt(p * -c + (1 - p) * V)} against 0 for the status quo: the Challenger is deterred "
        f"exactly when p > V/(V + c) = {fmt(threshold)}.",
        f"Here p = {fmt(p)}: " + ("deterrence holds." if deterred else "the Challenger challenges.")
        + f" Subgame-perfect equilibrium: {label}.",
    ]
    question = ("Which type of Defender would carry out the threat? For which probability p of a "
                "resolute Defender is the Challenger deterred? What happens at the given p?")
    hints = ("Solve each type's node first; then the Challenger faces a lottery.",
             "Deterrence needs the expected cost of a fight to outweigh the expected gain.")
    facts = (("threshold", f"p > {fmt(threshold)}"), ("deterred", str(deterred).lower()),
             ("equilibrium", label))
    story = ("A Challenger does not know whether the Defender is resolute (a government whose "
             "retaliation is cheap or popular) or not: credibility becomes a probability.")
    return Exercise("resolute-type", number, game, question, tuple(lines), facts, result, text, hints, story)


# ---------------------------------------------------------------- capability


def capability_game(V: int, K: int, m: Fraction, d: int, a: int, number: int = 1):
    """A counter-restriction that costs the Challenger ``m K``: credible when
    ``d < a``, capable when ``m K > V``."""
    text = tree_file(
        f"Exercise {number}: credible, but capable?", ["Coercer", "Target"],
        [("V", V, "the Coercer's gain from its restriction (the concession it extracts by force)", {"min": 0}),
         ("m", m, "the Target's share of the goods the Coercer needs from it (indispensability)", {"type": "share"}),
         ("K", K, "what those goods are worth to the Coercer", {"min": 0}),
         ("d", d, "the Target's cost of counter-restricting (lost sales)", {"min": 0}),
         ("a", a, "the Target's cost of not answering (audience cost, reputation)", {"min": 0})],
        {"start": {"player": "Coercer", "actions": {"Restrict": "respond", "Refrain": "sq"}},
         "respond": {"player": "Target", "actions": {"Counter-restrict": "countered", "Absorb": "absorbed"}}},
        {"sq": ("status quo", {"Coercer": 0, "Target": 0}),
         "countered": ("restriction and counter-restriction", {"Coercer": "V - m*K", "Target": "-V - d"}),
         "absorbed": ("the Target absorbs the restriction", {"Coercer": "V", "Target": "-V - a"})})
    return read_text(text, "capability.toml"), text


def capability(rng: random.Random, number: int) -> Exercise:
    V, K = rng.randint(2, 10), rng.randint(5, 20)
    threshold = Fraction(V, K)
    shares = [s for s in ("1/10", "1/5", "1/4", "3/10", "2/5", "1/2", "3/5", "7/10", "4/5", "9/10", "1")
              if Fraction(s) != threshold]
    m = Fraction(rng.choice(shares))
    a = rng.randint(1, 6)
    d = rng.choice([k for k in range(0, 9) if k != a] if rng.random() < 0.25 else list(range(0, a)))
    game, text = capability_game(V, K, m, d, a, number)
    label, eq, result = _solve_label(game)
    credible, capable = d < a, m * K > V
    if credible and threshold < 1:
        def restricts(value):
            return "Coercer: Restrict" in _solve_label(game, {"m": value})[0]
        assert restricts(threshold - EPS) and not restricts(threshold + EPS)
    lines = [
        f"At 'respond' the Target compares -V - d = {-V - d} (Counter-restrict) with -V - a = {-V - a} "
        f"(Absorb): the counter-threat is {'credible' if credible else 'not credible'} "
        f"(d {'<' if credible else '>='} a).",
        f"It is capable when it costs the Coercer more than it gains: m K > V, m > V/K = {fmt(threshold)}; "
        f"here m K = {fmt(m * K)} {'>' if capable else '<='} {V}: "
        + ("capable." if capable else "not capable: even carried out, it does not make the restriction a loss."),
        ("Both credible and capable: the Coercer refrains." if credible and capable else
         "Deterrence needs both credibility and capability; one is missing, so the Coercer restricts.")
        + f" Subgame-perfect equilibrium: {label}.",
    ]
    question = ("Is the Target's threat to counter-restrict credible? Is it capable (does it make "
                "restricting a loss for the Coercer), and from which share m of indispensability "
                "on? Does the Coercer restrict?")
    hints = ("Credibility is about the Target's own payoffs at its node; capability is about the "
             "Coercer's payoff if the threat is carried out.",)
    facts = (("credible", str(credible).lower()), ("capable", str(capable).lower()),
             ("capability_threshold", f"m > {fmt(threshold)}"), ("equilibrium", label))
    story = ("Strategic indispensability: the Target supplies a share m of goods the Coercer cannot "
             "replace (Japan holds about 90% of the photoresist market) and threatens to withhold "
             "them if the Coercer restricts its exports.")
    return Exercise("capability", number, game, question, tuple(lines), facts, result, text, hints, story)


# ---------------------------------------------------------------- brinkmanship


def brinkmanship_game(values: dict, number: int = 1):
    """The catalogue's brinkmanship game with a hard-line type, at ``values``."""
    names = {"q": ("risk of disaster the Compeller's steps create if the Target defies", {"type": "probability"}),
             "p": ("probability that the Target is hard-line (defies whatever the risk)", {"type": "probability"}),
             "a": ("a soft Target's cost of complying", {"min": 0}),
             "b": ("the Target's gain when the Compeller backs down", {"min": 0}),
             "w": ("the Target's cost of the disaster", {"min": 0}),
             "g": ("the Compeller's payoff when the Target complies", {}),
             "k": ("the Compeller's cost when the Target keeps its gain", {"min": 0}),
             "W": ("the Compeller's cost of the disaster", {"min": 0})}
    text = tree_file(
        f"Exercise {number}: a threat that leaves something to chance", ["Compeller", "Target"],
        [(n, values[n], desc, extra) for n, (desc, extra) in names.items()],
        {"threaten": {"player": "Compeller", "actions": {"Threaten": "type", "Do not threaten": "sq"}},
         "type": {"chance": {"Hard-line": "p", "Soft": "1 - p"},
                  "actions": {"Hard-line": "brink_hard", "Soft": "respond_soft"}},
         "respond_soft": {"player": "Target", "actions": {"Comply": "complied", "Defy": "brink_soft"}},
         "brink_soft": {"chance": {"Disaster": "q", "Pulled back": "1 - q"},
                        "actions": {"Disaster": "disaster_soft", "Pulled back": "backed_soft"}},
         "brink_hard": {"chance": {"Disaster": "q", "Pulled back": "1 - q"},
                        "actions": {"Disaster": "disaster_hard", "Pulled back": "backed_hard"}}},
        {"sq": ("no threat: the Target keeps its gain", {"Compeller": "-k", "Target": "b"}),
         "complied": ("the Target complies", {"Compeller": "g", "Target": "-a"}),
         "disaster_soft": ("disaster", {"Compeller": "-W", "Target": "-w"}),
         "backed_soft": ("the Compeller backs down", {"Compeller": "-k", "Target": "b"}),
         "disaster_hard": ("disaster", {"Compeller": "-W", "Target": "-w"}),
         "backed_hard": ("the Compeller backs down", {"Compeller": "-k", "Target": "b"})},
        root="threaten")
    return read_text(text, "brinkmanship.toml"), text


def brinkmanship(rng: random.Random, number: int) -> Exercise:
    for _ in range(MAX_TRIES):
        a, b = rng.randint(1, 6), rng.randint(1, 4)
        w = rng.randint(a + 1, 14)
        g, k = rng.randint(0, 3), rng.randint(1, 4)
        W = rng.randint(k + 2, 20)
        p = Fraction(rng.choice(["1/5", "1/4", "1/3", "2/5", "1/2"]))
        low = Fraction(a + b, b + w)
        high = (1 - p) * (g + k) / (p * (W - k))
        if not (0 < low < 1 and low < high):
            continue
        grid = [Fraction(n, 20) for n in range(1, 20)]
        grid = [x for x in grid if x not in (low, high)]
        q = rng.choice(grid)
        break
    else:  # pragma: no cover
        raise RuntimeError("no brinkmanship exercise found")
    values = {"q": q, "p": p, "a": a, "b": b, "w": w, "g": g, "k": k, "W": W}
    game, text = brinkmanship_game(values, number)
    label, eq, result = _solve_label(game)
    threatens = low <= q <= high
    assert ("Compeller: Threaten" in label) == threatens

    def threat_at(value: Fraction) -> bool:
        return "Compeller: Threaten" in _solve_label(game, {"q": value})[0]

    assert not threat_at(low - EPS) and (threat_at(low + EPS) or high <= low + EPS)
    if high < 1:
        assert not threat_at(high + EPS) and (high - EPS < low or threat_at(high - EPS))
    upper = f"{fmt(high)}" if high < 1 else f"{fmt(high)} (above 1: no upper limit on the risk)"
    lines = [
        f"At 'respond_soft' a soft Target complies when -a >= (1 - q) b - q w, i.e. q >= (a + b)/(b + w) "
        f"= {fmt(low)}: the lower (deterrence) bound. A hard-line Target defies at any risk.",
        f"At 'threaten', against a hard-liner the threat risks disaster: threatening beats not threatening "
        f"(-k) when (1 - p) g + p (q (-W) + (1 - q)(-k)) >= -k, i.e. q <= (1 - p)(g + k)/(p (W - k)) = "
        f"{upper}: the upper (acceptability) bound.",
        f"Here q = {fmt(q)}, " + (f"inside [{fmt(low)}, {fmt(min(high, Fraction(1)))}]: the Compeller threatens; "
                                  "a soft Target complies, a hard-line one defies."
                                  if threatens else "outside the window: the Compeller does not threaten.")
        + f" Subgame-perfect equilibrium: {label}.",
    ]
    question = ("Between which two risks q of disaster is the threat both effective against a soft "
                "Target and acceptable to the Compeller? Does the Compeller threaten at the given q?")
    hints = ("The lower bound comes from the soft Target's comparison, the upper one from the "
             "Compeller's expected payoff when it may face a hard-liner.",)
    facts = (("lower", fmt(low)), ("upper", fmt(high)), ("threatens", str(threatens).lower()),
             ("equilibrium", label))
    story = ("A Compeller wants the Target to withdraw (missiles from Cuba) and takes steps after "
             "which, if the Target defies, disaster may follow beyond anyone's control.")
    return Exercise("brinkmanship", number, game, question, tuple(lines), facts, result, text, hints, story)


__all__ = ["credibility", "credibility_game", "resolute_type", "resolute_game", "capability",
           "capability_game", "brinkmanship", "brinkmanship_game"]
