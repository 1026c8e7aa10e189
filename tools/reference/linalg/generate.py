#!/usr/bin/env python3
"""Reference values for libs/math/linalg from numpy/scipy (LAPACK) on fixed matrices.

Run:  python3 tools/reference/linalg/generate.py
Writes libs/math/linalg/src/__fixtures__/linalg-reference.json and factorisations-reference.json
(condition estimate, LDL^T, pivoted QR, Lanczos; `--only factorisations` writes just that one);
tests read only the JSON.
Inputs are built from closed-form expressions (no RNG) and stored in the JSON too.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.linalg as sla

FIXTURES = os.path.join(os.path.dirname(__file__), '../../../libs/math/linalg/src/__fixtures__')
OUT = os.path.join(FIXTURES, 'linalg-reference.json')
OUT_FACTOR = os.path.join(FIXTURES, 'factorisations-reference.json')


def mat(rows, cols, f):
    return np.array([[f(i, j) for j in range(cols)] for i in range(rows)], dtype=np.float64)


def js(a):
    a = np.asarray(a, dtype=np.float64)
    return {'rows': int(a.shape[0]), 'cols': int(a.shape[1]), 'data': [float(v) for v in a.ravel()]}


def vec(v):
    return [float(x) for x in np.asarray(v).ravel()]


def main():
    general = mat(6, 6, lambda i, j: math.sin(1.3 * i + 0.7 * j * j + 0.1) + (2.0 if i == j else 0.0))
    tall = mat(9, 5, lambda i, j: math.cos(0.9 * i * (j + 1)) + 0.05 * i)
    wide = tall.T.copy()
    spd = tall.T @ tall + 0.5 * np.eye(5)
    sym = mat(7, 7, lambda i, j: math.sin(i + j) + math.cos(i * j))
    hilbert = mat(10, 10, lambda i, j: 1.0 / (i + j + 1))
    graded = mat(6, 6, lambda i, j: math.cos(i + 2 * j) * 10.0 ** (-2 * i))
    rankdef = mat(8, 6, lambda i, j: (i + 1) * (j % 3 + 1) + (i % 2) * (j % 2))  # rank 2-ish by construction
    rhs = mat(9, 2, lambda i, j: math.sin(i + 3 * j))
    rhs_rd = mat(8, 1, lambda i, j: math.cos(i))
    companion = np.array([[10, -35, 50, -24], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], dtype=np.float64)
    rot = mat(5, 5, lambda i, j: math.sin(2.0 * i - j) + 0.3 * (j - i))
    pca_x = mat(20, 4, lambda i, j: math.sin(0.37 * i * (j + 1)) * (j + 1) + 0.1 * i * (j == 2))

    def svd_case(a):
        s = np.linalg.svd(a, compute_uv=False)
        return {'a': js(a), 's': vec(s)}

    sign, logdet = np.linalg.slogdet(general)
    x_rd, res_rd, rank_rd, s_rd = np.linalg.lstsq(rankdef, rhs_rd, rcond=None)
    ridge = 0.3
    x_ridge = np.linalg.solve(tall.T @ tall + ridge * np.eye(5), tall.T @ rhs)
    ev_gen = np.linalg.eigvals(rot)
    order = np.lexsort((-ev_gen.imag, ev_gen.real))
    ev_gen = ev_gen[order]
    z = pca_x - pca_x.mean(axis=0)
    _, s_p, vt_p = np.linalg.svd(z, full_matrices=False)
    ev = s_p ** 2 / (pca_x.shape[0] - 1)
    comp = vt_p.copy()
    for r in range(comp.shape[0]):  # sign convention: largest |loading| positive
        if comp[r, np.argmax(np.abs(comp[r]))] < 0:
            comp[r] = -comp[r]
    out = {
        'generator': 'tools/reference/linalg/generate.py',
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__},
        'svd': {'tall': svd_case(tall), 'wide': svd_case(wide), 'hilbert': svd_case(hilbert), 'graded': svd_case(graded), 'rankdef': svd_case(rankdef)},
        'eigh': {'a': js(sym), 'values': vec(np.linalg.eigvalsh(sym)), 'hilbert': vec(np.linalg.eigvalsh(hilbert))},
        'eig': {
            'a': js(rot), 'valuesRe': vec(ev_gen.real), 'valuesIm': vec(ev_gen.imag),
            'companion': js(companion), 'companionRoots': vec(np.sort(np.linalg.eigvals(companion).real)),
        },
        'det': {'a': js(general), 'det': float(np.linalg.det(general)), 'sign': float(sign), 'logAbsDet': float(logdet)},
        'solve': {'a': js(general), 'b': js(rhs[:6]), 'x': js(np.linalg.solve(general, rhs[:6]))},
        'inv': {'a': js(general), 'inv': js(np.linalg.inv(general))},
        'cholesky': {'a': js(spd), 'l': js(np.linalg.cholesky(spd))},
        'qr': {'a': js(tall), 'rAbsDiag': vec(np.abs(np.diag(np.linalg.qr(tall)[1])))},
        'lstsq': {
            'full': {'a': js(tall), 'b': js(rhs), 'x': js(np.linalg.lstsq(tall, rhs, rcond=None)[0])},
            'rankdef': {'a': js(rankdef), 'b': js(rhs_rd), 'x': js(x_rd), 'rank': int(rank_rd)},
            'ridge': {'a': js(tall), 'b': js(rhs), 'ridge': ridge, 'x': js(x_ridge)},
        },
        'pinvCheck': {'a': js(rankdef), 'pinv': js(np.linalg.pinv(rankdef))},
        'pca': {'x': js(pca_x), 'mean': vec(pca_x.mean(axis=0)), 'explainedVariance': vec(ev),
                'explainedVarianceRatio': vec(ev / ev.sum()), 'components': js(comp)},
        'hilbertNorm2': float(sla.norm(hilbert, 2)),  # scipy's 2-norm = σ_max, an independent path
        'cond': {'general': float(np.linalg.cond(general)), 'tall': float(np.linalg.cond(tall)), 'spd': float(np.linalg.cond(spd))},
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


def large_symmetric(n):
    """Dense symmetric test matrix built by formula (rebuilt in the TS tests, not stored): a smooth
    low-rank part plus a diagonal ramp, so the extreme eigenvalues are well separated."""
    return mat(n, n, lambda i, j: math.sin(0.1 * (i + 1) * (j + 1) / n) + math.cos(0.37 * (i + j)) / (1 + abs(i - j)) + (i / n if i == j else 0.0))


def sparse_laplacian(n):
    """CSR-friendly tridiagonal -d_i, 2 + i/n, -d_i (variable coefficient 1-D Laplacian), also rebuilt in TS."""
    a = np.zeros((n, n))
    for i in range(n):
        a[i, i] = 2.0 + i / n
        if i + 1 < n:
            a[i, i + 1] = a[i + 1, i] = -(1.0 + 0.5 * math.sin(i))
    return a


def factorisations():
    general = mat(6, 6, lambda i, j: math.sin(1.3 * i + 0.7 * j * j + 0.1) + (2.0 if i == j else 0.0))
    hilbert8 = mat(8, 8, lambda i, j: 1.0 / (i + j + 1))
    graded = mat(6, 6, lambda i, j: math.cos(i + 2 * j) * 10.0 ** (-2 * i))
    nonsym = mat(12, 12, lambda i, j: math.sin(i * j + 0.5) + 0.1 * (i - j) + (3.0 if i == j else 0.0))
    # Kahan's matrix: upper triangular, notoriously ill-conditioned, a classic for condition estimators
    c, s_ = math.cos(1.2), math.sin(1.2)
    kahan = np.array([[s_ ** i * (1.0 if i == j else (-c if j > i else 0.0)) for j in range(10)] for i in range(10)])
    def lapack_estimate(a):  # LAPACK dgecon on dgetrf's LU: the same Hager-Higham estimator (dlacn2)
        lu_, _ = sla.lu_factor(a)
        rcond, _ = sla.lapack.dgecon(lu_, np.linalg.norm(a, 1), norm='1')
        return float(1.0 / rcond) if rcond > 0 else None

    cond1 = {name: {'a': js(a), 'cond1': float(np.linalg.cond(a, 1)), 'norm1': float(np.linalg.norm(a, 1)), 'lapackEstimate': lapack_estimate(a)}
             for name, a in [('general', general), ('hilbert8', hilbert8), ('graded', graded), ('nonsym12', nonsym), ('kahan10', kahan)]}

    indefinite = mat(7, 7, lambda i, j: math.sin(i + 2 * j) + math.sin(j + 2 * i) + (0.0 if i != j else (-1.0) ** i * 0.5))
    zero_diag = np.array([[0, 1, 2, 3], [1, 0, 4, 5], [2, 4, 0, 6], [3, 5, 6, 0]], dtype=np.float64)
    singular_sym = mat(5, 5, lambda i, j: (i + 1) * (j + 1) - (i - j) ** 2 * 0.0 + (1.0 if (i + j) % 2 == 0 else -1.0))
    rhs7 = mat(7, 2, lambda i, j: math.cos(i - j))
    rhs4 = mat(4, 1, lambda i, j: i + 1.0)

    def inertia(a):
        ev = np.linalg.eigvalsh(a)
        tol = a.shape[0] * np.finfo(float).eps * np.abs(a).max() * 10
        return {'positive': int((ev > tol).sum()), 'negative': int((ev < -tol).sum()), 'zero': int((np.abs(ev) <= tol).sum()), 'eigenvalues': vec(ev)}

    _, d_sp, _ = sla.ldl(indefinite, lower=True)
    ldlt = {
        'indefinite': {'a': js(indefinite), 'b': js(rhs7), 'x': js(np.linalg.solve(indefinite, rhs7)), 'inertia': inertia(indefinite),
                       'cond1': float(np.linalg.cond(indefinite, 1)), 'scipyTwoByTwoBlocks': int(sum(1 for k in range(6) if d_sp[k + 1, k] != 0)),
                       'scipyDiag': vec(np.diag(d_sp)), 'scipySubdiag': vec(np.diag(d_sp, -1))},
        'zeroDiagonal': {'a': js(zero_diag), 'b': js(rhs4), 'x': js(np.linalg.solve(zero_diag, rhs4)), 'inertia': inertia(zero_diag)},
        'singular': {'a': js(singular_sym), 'inertia': inertia(singular_sym), 'rank': int(np.linalg.matrix_rank(singular_sym))},
    }

    tall = mat(9, 5, lambda i, j: math.cos(0.9 * i * (j + 1)) + 0.05 * i)
    rankdef = mat(8, 6, lambda i, j: (i + 1) * (j % 3 + 1) + (i % 2) * (j % 2))
    wide_rd = mat(4, 7, lambda i, j: math.sin(i + 1) * math.cos(j) + 0.5 * math.cos(2 * i) * math.sin(3 * j + 1) + 0.25 * (i * i - 1) * math.cos(0.3 * j * j))  # rank 3
    rhs8 = mat(8, 1, lambda i, j: math.cos(i))
    qrp = {}
    for name, a in [('tall', tall), ('rankdef', rankdef), ('wideRankdef', wide_rd)]:
        q, r, p = sla.qr(a, pivoting=True, mode='economic')
        qrp[name] = {'a': js(a), 'perm': [int(v) for v in p], 'rAbsDiag': vec(np.abs(np.diag(r))), 'rank': int(np.linalg.matrix_rank(a))}
    # basic solution on the rank-deficient problem: x[perm[:r]] = R11^-1 (Q^T b)[:r], zeros elsewhere
    q, r, p = sla.qr(rankdef, pivoting=True, mode='economic')
    rk = qrp['rankdef']['rank']
    z = sla.solve_triangular(r[:rk, :rk], (q.T @ rhs8)[:rk])
    xb = np.zeros((6, 1))
    xb[p[:rk]] = z
    x_mn = np.linalg.lstsq(rankdef, rhs8, rcond=None)[0]
    qrp['basic'] = {'a': js(rankdef), 'b': js(rhs8), 'x': js(xb), 'residual': float(np.sum((rankdef @ x_mn - rhs8) ** 2)), 'minNormX': js(x_mn)}

    big = large_symmetric(300)
    lap = sparse_laplacian(2000)
    ev_big = np.linalg.eigvalsh(big)
    ev_lap = sla.eigh_tridiagonal(np.diag(lap), np.diag(lap, -1), eigvals_only=True)
    lanczos = {
        'formula': 'large_symmetric(n) and sparse_laplacian(n) in tools/reference/linalg/generate.py',
        'dense300': {'n': 300, 'smallest': vec(ev_big[:5]), 'largest': vec(ev_big[::-1][:5]),
                     'magnitude': vec(sorted(ev_big, key=lambda v: -abs(v))[:5])},
        'laplacian2000': {'n': 2000, 'smallest': vec(ev_lap[:4]), 'largest': vec(ev_lap[::-1][:4])},
    }
    out = {
        'generator': 'tools/reference/linalg/generate.py (factorisations())',
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__},
        'cond1': cond1, 'ldlt': ldlt, 'qrPivoted': qrp, 'lanczos': lanczos,
    }
    with open(OUT_FACTOR, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(OUT_FACTOR))


if __name__ == '__main__':
    # `--only factorisations` rewrites just the second file (the first was generated with numpy 2.4.6)
    if sys.argv[1:] != ['--only', 'factorisations']:
        main()
    factorisations()
