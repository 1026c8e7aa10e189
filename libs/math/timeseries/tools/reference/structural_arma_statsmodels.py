#!/usr/bin/python3
"""Reference values for the structural-model and ARMA tests, from Debian's python3-statsmodels.

Run from the repo root after ets_forecast_r.R (which writes the R datasets):
    /usr/bin/python3 libs/math/timeseries/tools/reference/structural_arma_statsmodels.py
Writes src/__fixtures__/structural_arma_statsmodels.json.

Structural models use UnobservedComponents(..., use_exact_diffuse=True): the Durbin-Koopman exact
diffuse loglik, the same convention as ours. ARMA uses statsmodels.tsa.arima.model.ARIMA
(order=(p,0,q), trend='c' or 'n'), whose llf is the exact Gaussian loglik (stationary init).
"""
import json
import os
import warnings

import numpy as np
import statsmodels
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.statespace.structural import UnobservedComponents

warnings.simplefilter("ignore")
FIX = "libs/math/timeseries/src/__fixtures__"
data = json.load(open(os.path.join(FIX, "r_datasets.json")))


def series(name, log=False):
    y = np.asarray(data[name]["values"], dtype=float)
    return np.log(y) if log else y


def structural(name, log, level, seasonal=None):
    y = series(name, log)
    kw = dict(level=level, use_exact_diffuse=True)
    if seasonal:
        kw.update(seasonal=seasonal, stochastic_seasonal=True)
    mod = UnobservedComponents(y, **kw)
    res = mod.fit(disp=False, maxiter=2000)
    fc = res.get_forecast(12)
    return {
        "data": name, "log": log, "level": level, "seasonal": seasonal,
        "param_names": list(mod.param_names), "params": [float(v) for v in res.params],
        "llf": float(res.llf), "aic": float(res.aic), "bic": float(res.bic), "nobs": int(res.nobs),
        "llf_at_params": float(mod.loglike(res.params)),
        "forecast_mean": [float(v) for v in fc.predicted_mean], "forecast_se": [float(v) for v in fc.se_mean],
    }


def arma(name, p, q, trend):
    y = series(name)
    mod = ARIMA(y, order=(p, 0, q), trend=trend)
    res = mod.fit()
    fc = res.get_forecast(10)
    return {
        "data": name, "p": p, "q": q, "trend": trend,
        "param_names": list(mod.param_names), "params": [float(v) for v in res.params],
        "llf": float(res.llf), "aic": float(res.aic), "aicc": float(res.aicc), "bic": float(res.bic),
        "forecast_mean": [float(v) for v in fc.predicted_mean], "forecast_se": [float(v) for v in fc.se_mean],
    }


out = {
    "statsmodels_version": statsmodels.__version__,
    "structural": [
        structural("WWWusage", False, "local linear trend"),
        structural("LakeHuron", False, "local linear trend"),
        structural("UKDriverDeaths", True, "local linear trend", 12),
        structural("UKgas", True, "local linear trend", 4),
    ],
    "arma": [
        arma("LakeHuron", 2, 0, "c"), arma("LakeHuron", 1, 1, "c"), arma("lh", 1, 0, "c"), arma("lh", 3, 0, "c"),
        arma("lh", 1, 1, "c"), arma("sunspot_year", 2, 1, "c"), arma("sunspot_year", 3, 0, "c"), arma("LakeHuron", 2, 2, "n"),
    ],
}
with open(os.path.join(FIX, "structural_arma_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", len(out["structural"]), "structural and", len(out["arma"]), "ARMA references")
