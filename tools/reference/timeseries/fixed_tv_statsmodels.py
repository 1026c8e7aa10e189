#!/usr/bin/python3
"""Reference values for fixed parameters, known initialisation and time-varying system matrices.

Run from the repo root (Debian python3-statsmodels; reads the R datasets fixture written by
libs/math/timeseries/tools/reference/ets_forecast_r.R):
    /usr/bin/python3 tools/reference/timeseries/fixed_tv_statsmodels.py
Writes libs/math/timeseries/src/__fixtures__/fixed_tv_statsmodels.json. Tests read only the JSON.

- fixed: UnobservedComponents(use_exact_diffuse=True).fit_constrained(...) (structural) and
  ARIMA(order=(p,0,q), trend='c').fit_constrained(...) (exact stationary-init ARMA).
- known: the Nile local level with initialize_known(a1, P1), loglik at given variances and the MLE.
- time-varying: a regression with a random-walk coefficient, y_t = mu_t + x_t beta_t + eps_t,
  Var(eps_t) = h_t known and time-varying, (mu, beta) random walks; statsmodels' KalmanSmoother with
  design of shape (1, 2, n) and obs_cov of shape (1, 1, n), on real data shipped with statsmodels
  (macrodata: quarterly growth of real consumption on growth of real disposable income), with two
  values set missing. Both the exact diffuse and a known initialisation.
"""
import json
import os
import warnings

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.statespace.kalman_smoother import KalmanSmoother
from statsmodels.tsa.statespace.structural import UnobservedComponents

warnings.simplefilter("ignore")
FIX = "libs/math/timeseries/src/__fixtures__"
data = json.load(open(os.path.join(FIX, "r_datasets.json")))


def series(name):
    return np.asarray(data[name]["values"], dtype=float)


def fl(a):
    return [float(v) for v in np.asarray(a).ravel()]


def structural_fixed(name, level, fixed, seasonal=None):
    kw = dict(level=level, use_exact_diffuse=True)
    if seasonal:
        kw.update(seasonal=seasonal, stochastic_seasonal=True)
    mod = UnobservedComponents(series(name), **kw)
    res = mod.fit_constrained(fixed, disp=False, maxiter=2000)
    return {"data": name, "level": level, "seasonal": seasonal, "fixed": fixed,
            "param_names": list(mod.param_names), "params": fl(res.params), "llf": float(res.llf)}


def arma_fixed(name, p, q, fixed):
    mod = ARIMA(series(name), order=(p, 0, q), trend="c")
    res = mod.fit_constrained(fixed)
    return {"data": name, "p": p, "q": q, "fixed": fixed,
            "param_names": list(mod.param_names), "params": fl(res.params), "llf": float(res.llf)}


def nile_known():
    y = series("Nile")
    a1, p1 = [1100.0], [[20000.0]]
    mod = UnobservedComponents(y, level="llevel")
    mod.ssm.initialize_known(np.array(a1), np.array(p1))
    mod.ssm.loglikelihood_burn = 0  # UC burns k_states observations by default (approximate diffuse)
    at = [15099.0, 1469.1]
    res = mod.fit(disp=False, maxiter=2000)
    return {"a1": a1, "P1": p1, "params_at": at, "llf_at": float(mod.loglike(np.array(at))),
            "params": fl(res.params), "llf": float(res.llf)}


def time_varying():
    md = sm.datasets.macrodata.load_pandas().data
    y = 100 * np.diff(np.log(md["realcons"].values))
    x = 100 * np.diff(np.log(md["realdpi"].values))
    n = len(y)
    y[[40, 41, 150]] = np.nan
    h = 0.3 * (1.0 + 0.5 * np.sin(np.arange(n) / 8.0))
    q = [0.01, 0.002]
    out = {"source": "statsmodels macrodata: 100*diff(log(realcons)) on 100*diff(log(realdpi))",
           "y": [None if np.isnan(v) else float(v) for v in y], "x": fl(x), "h": fl(h), "q": q, "cases": []}
    for init in ("diffuse", "known"):
        ks = KalmanSmoother(k_endog=1, k_states=2, k_posdef=2)
        ks.bind(y.reshape(1, n))
        design = np.zeros((1, 2, n))
        design[0, 0, :] = 1.0
        design[0, 1, :] = x
        ks["design"] = design
        ks["obs_cov"] = h.reshape(1, 1, n)
        ks["transition"] = np.eye(2)
        ks["selection"] = np.eye(2)
        ks["state_cov"] = np.diag(q)
        case = {"init": init}
        if init == "diffuse":
            ks.initialize_diffuse()
        else:
            case["a1"], case["P1"] = [0.5, 0.3], [[1.0, 0.1], [0.1, 0.5]]
            ks.initialize_known(np.array(case["a1"]), np.array(case["P1"]))
        r = ks.smooth()
        case.update({
            "loglik": float(np.sum(r.llf_obs)), "llf_obs": fl(r.llf_obs),
            "nobs_diffuse": int(r.nobs_diffuse),
            "predicted_state": fl(r.predicted_state[:, :n].T), "predicted_cov": fl(np.transpose(r.predicted_state_cov[:, :, :n], (2, 0, 1))),
            "filtered_state": fl(r.filtered_state.T), "filtered_cov": fl(np.transpose(r.filtered_state_cov, (2, 0, 1))),
            "v": [None if np.isnan(v) else float(v) for v in r.forecasts_error[0]],
            "F": [float(v) for v in r.forecasts_error_cov[0, 0]],
            "smoothed_state": fl(r.smoothed_state.T), "smoothed_cov": fl(np.transpose(r.smoothed_state_cov, (2, 0, 1))),
        })
        out["cases"].append(case)
    return out


out = {
    "statsmodels_version": statsmodels.__version__,
    "structural_fixed": [
        structural_fixed("Nile", "llevel", {"sigma2.irregular": 15099.0}),
        structural_fixed("Nile", "llevel", {"sigma2.irregular": 15099.0, "sigma2.level": 1469.1}),
        structural_fixed("UKgas", "lltrend", {"sigma2.trend": 0.0}, seasonal=4),
    ],
    "arma_fixed": [
        arma_fixed("LakeHuron", 1, 1, {"const": 579.0}),
        arma_fixed("LakeHuron", 2, 0, {"ar.L1": 1.0, "ar.L2": -0.25}),
        arma_fixed("lh", 1, 1, {"sigma2": 0.2}),
    ],
    "nile_known": nile_known(),
    "time_varying": time_varying(),
}
with open(os.path.join(FIX, "fixed_tv_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.join(FIX, "fixed_tv_statsmodels.json"))
