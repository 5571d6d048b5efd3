"""The exact simplex: textbook programs and pycddlib's exact LP as an oracle."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence.nash.lp import INFEASIBLE, OPTIMAL, UNBOUNDED, maximize

KNOWN = [
    # Chvátal, Linear Programming (1983), ch. 2: max 5x1 + 4x2 + 3x3
    pytest.param(dict(c=[5, 4, 3], A_ub=[[2, 3, 1], [4, 1, 2], [3, 4, 2]], b_ub=[5, 11, 8]),
                 OPTIMAL, F(13), (F(2), F(0), F(1)), id="chvatal-1983-ch2"),
    # a degenerate vertex (Beale's cycling example): Bland's rule must terminate
    pytest.param(dict(c=[F(3, 4), -20, F(1, 2), -6],
                      A_ub=[[F(1, 4), -8, -1, 9], [F(1, 2), -12, F(-1, 2), 3], [0, 0, 1, 0]],
                      b_ub=[0, 0, 1]),
                 OPTIMAL, F(5, 4), (F(1), F(0), F(1), F(0)), id="beale-1955-cycling"),
    pytest.param(dict(c=[1, 1], A_ub=[[1, -1]], b_ub=[1]), UNBOUNDED, None, None,
                 id="unbounded-ray"),
    pytest.param(dict(c=[1], A_ub=[[1], [-1]], b_ub=[1, -2]), INFEASIBLE, None, None,
                 id="x-at-most-1-and-at-least-2"),
    pytest.param(dict(c=[1, 2], A_eq=[[1, 1], [2, 2]], b_eq=[1, 2]), OPTIMAL, F(2),
                 (F(0), F(1)), id="redundant-equalities"),
    pytest.param(dict(c=[-1], A_ub=[[-1]], b_ub=[3], free=[0]), OPTIMAL, F(3), (F(-3),),
                 id="free-variable-negative"),
    pytest.param(dict(c=[0, 0], A_ub=[], b_ub=[]), OPTIMAL, F(0), (F(0), F(0)),
                 id="no-constraints"),
]


@pytest.mark.parametrize("problem, status, value, x", KNOWN)
def test_known_programs(problem, status, value, x):
    result = maximize(**problem)
    assert result.status == status
    assert result.value == value
    if x is not None:
        assert result.x == x


def test_input_errors():
    with pytest.raises(ValueError):
        maximize([1, 2], A_ub=[[1]], b_ub=[1])
    with pytest.raises(ValueError):
        maximize([1], free=[3])


def cdd_maximize(c, A_ub, b_ub, A_eq, b_eq):
    """pycddlib's exact (GMP rational) LP on ``x >= 0``."""
    cdd = pytest.importorskip("cdd")
    n = len(c)
    rows = [[b] + [-a for a in row] for row, b in zip(A_ub, b_ub)]
    rows += [[b] + [-a for a in row] for row, b in zip(A_eq, b_eq)]
    rows += [[0] + [int(i == j) for i in range(n)] for j in range(n)]
    matrix = cdd.Matrix(rows, number_type="fraction")
    matrix.lin_set = frozenset(range(len(A_ub), len(A_ub) + len(A_eq)))
    matrix.obj_type = cdd.LPObjType.MAX
    matrix.obj_func = [0] + list(c)
    lp = cdd.LinProg(matrix)
    lp.solve()
    status = {cdd.LPStatusType.OPTIMAL: OPTIMAL, cdd.LPStatusType.INCONSISTENT: INFEASIBLE,
              cdd.LPStatusType.STRUC_INCONSISTENT: INFEASIBLE,
              cdd.LPStatusType.DUAL_INCONSISTENT: UNBOUNDED,
              cdd.LPStatusType.STRUC_DUAL_INCONSISTENT: UNBOUNDED}.get(lp.status, str(lp.status))
    if status == UNBOUNDED and any(c):
        # cdd reports "dual inconsistent" also when the primal is infeasible
        if cdd_maximize([0] * n, A_ub, b_ub, A_eq, b_eq)[0] == INFEASIBLE:
            status = INFEASIBLE
    return status, (F(lp.obj_value) if status == OPTIMAL else None)


small = st.integers(-4, 4)


@st.composite
def programs(draw):
    n = draw(st.integers(1, 5))
    m = draw(st.integers(0, 5))
    e = draw(st.integers(0, 2))
    row = st.lists(small, min_size=n, max_size=n)
    return (draw(row), draw(st.lists(row, min_size=m, max_size=m)),
            draw(st.lists(small, min_size=m, max_size=m)),
            draw(st.lists(row, min_size=e, max_size=e)),
            draw(st.lists(small, min_size=e, max_size=e)))


@settings(max_examples=300, deadline=None)
@given(programs())
def test_agrees_with_pycddlib(program):
    c, A_ub, b_ub, A_eq, b_eq = program
    result = maximize(c, A_ub, b_ub, A_eq, b_eq)
    status, value = cdd_maximize(c, A_ub, b_ub, A_eq, b_eq)
    assert (result.status, result.value) == (status, value)
    if result.is_optimal:  # the vertex is feasible and attains the value
        x = result.x
        assert all(v >= 0 for v in x)
        assert all(sum(a * v for a, v in zip(row, x)) <= b for row, b in zip(A_ub, b_ub))
        assert all(sum(a * v for a, v in zip(row, x)) == b for row, b in zip(A_eq, b_eq))
        assert sum(a * v for a, v in zip(c, x)) == result.value
