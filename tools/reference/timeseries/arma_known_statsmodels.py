#!/usr/bin/env python3
"""ARMA with known initialisation: statsmodels SARIMAX(order=(p, 0, q)) with ssm.initialize_known(a1, P1).

Writes libs/math/timeseries/src/__fixtures__/arma_known_statsmodels.json: loglik at fixed parameters and
the MLE loglik of each case. SARIMAX's state (Harvey form: first state = the process, first column of T =
AR coefficients, selection = (1, ma1, ...)) is the one of Modelbus' armaStateSpace.
- trend 'n': the state is of y itself; Modelbus fits with includeMean false.
- with a mean: SARIMAX trend='c' puts the intercept c = mu (1 - sum ar) into the state equation, so its
  state is that of y, not of y - mu: a1_sm = a1 + d with d[i] = mu * sum_{k >= i} ar_k (d[0] = mu).
  At fixed parameters the fixture gives both; the MLE (where mu and ar move, so a fixed a1_sm is not a
  fixed de-meaned a1) uses SARIMAX(y, exog=1, trend='n'), i.e. y - beta follows the ARMA, which is
  Modelbus' includeMean model with mean = beta.
Run: /usr/bin/python3 tools/reference/timeseries/arma_known_statsmodels.py
"""
import json
import os

import numpy as np
import statsmodels
from statsmodels.tsa.statespace.sarimax import SARIMAX

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..')
FIX = os.path.join(ROOT, 'libs', 'math', 'timeseries', 'src', '__fixtures__')
data = json.load(open(os.path.join(FIX, 'r_datasets.json')))


def known(mod, a1, P1):
    mod.ssm.initialize_known(np.asarray(a1, dtype=float), np.asarray(P1, dtype=float))
    return mod


def fit(mod, start):
    best = None
    for method in ('lbfgs', 'bfgs', 'nm'):
        try:
            res = mod.fit(start_params=start, method=method, disp=False, maxiter=20000)
        except Exception:
            continue
        if best is None or res.llf > best.llf:
            best = res
            start = res.params
    return best


cases = []

# LakeHuron - 579 (a round constant, not an estimate), ARMA(2,1) without mean.
y = np.asarray(data['LakeHuron']['values'], dtype=float) - 579.0
ar, ma, s2 = [1.0, -0.25], [0.1], 0.5
a1, P1 = [0.5, -0.2], [[2.0, 0.3], [0.3, 0.4]]
mod = known(SARIMAX(y, order=(2, 0, 1), trend='n'), a1, P1)
ll_fixed = float(mod.loglike(np.r_[ar, ma, s2]))
res = fit(mod, np.r_[ar, ma, s2])
cases.append({'name': 'LakeHuron-579 ARMA(2,1) trend n', 'dataset': 'LakeHuron', 'offset': 579.0, 'p': 2, 'q': 1,
              'includeMean': False, 'initialState': a1, 'initialCov': np.ravel(P1).tolist(),
              'fixedParams': {'ar1': ar[0], 'ar2': ar[1], 'ma1': ma[0], 'sigma2': s2}, 'loglikFixed': ll_fixed,
              'mle': {'loglik': float(res.llf), 'params': res.params.tolist(), 'paramNames': list(mod.param_names)}})

# lh, ARMA(1,1) with a mean.
y = np.asarray(data['lh']['values'], dtype=float)
ar, ma, s2, mu = [0.6], [0.2], 0.2, 2.4
a1, P1 = [0.3, 0.05], [[0.5, 0.05], [0.05, 0.1]]
d = [mu * sum(ar[k] for k in range(i, len(ar))) if i > 0 else mu for i in range(2)]
mod_c = known(SARIMAX(y, order=(1, 0, 1), trend='c'), np.add(a1, d), P1)
ll_fixed_c = float(mod_c.loglike(np.r_[mu * (1 - sum(ar)), ar, ma, s2]))
mod_x = known(SARIMAX(y, exog=np.ones(len(y)), order=(1, 0, 1), trend='n'), a1, P1)
ll_fixed_x = float(mod_x.loglike(np.r_[mu, ar, ma, s2]))
res = fit(mod_x, np.r_[mu, ar, ma, s2])
cases.append({'name': 'lh ARMA(1,1) with mean', 'dataset': 'lh', 'offset': 0.0, 'p': 1, 'q': 1, 'includeMean': True,
              'initialState': a1, 'initialCov': np.ravel(P1).tolist(),
              'fixedParams': {'ar1': ar[0], 'ma1': ma[0], 'mean': mu, 'sigma2': s2},
              'loglikFixed': ll_fixed_x, 'loglikFixedTrendC': ll_fixed_c, 'initialStateTrendC': np.add(a1, d).tolist(),
              'mle': {'loglik': float(res.llf), 'params': res.params.tolist(), 'paramNames': list(mod_x.param_names)}})

out = {'source': 'statsmodels %s SARIMAX with ssm.initialize_known (tools/reference/timeseries/arma_known_statsmodels.py)' % statsmodels.__version__,
       'cases': cases}
with open(os.path.join(FIX, 'arma_known_statsmodels.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print(json.dumps(out, indent=1))
