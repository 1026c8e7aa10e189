import { IsDefined, IsInt, Max, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { IsFiniteArray } from '../validators';

// One message for all of lags' constraints: class-validator reports whichever fails last, so a missing lags would
// otherwise read "lags must not be greater than 10000".
const LAGS_MESSAGE = { message: `lags must be an integer in [0, ${LIMITS.acfLags}]` };

/** `ts.arma.acf`: theoretical ACF/PACF/psi of (1 − φ₁L − …)x_t = (1 + θ₁L + …)e_t. */
export class ArmaAcfRequest {
  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ar!: number[];

  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ma!: number[];

  @IsInt(LAGS_MESSAGE) @Min(0, LAGS_MESSAGE) @Max(LIMITS.acfLags, LAGS_MESSAGE)
  lags!: number;
}

/** Lag 0 first; each has lags + 1 entries. */
export interface ArmaAcfReply {
  acf: number[];
  pacf: number[];
  psi: number[];
}
