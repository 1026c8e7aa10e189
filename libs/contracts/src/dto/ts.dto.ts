import { IsBoolean, IsDefined, IsInt, IsOptional, Max, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { IsFiniteArray } from '../validators';

// One message for all of lags' constraints: class-validator reports whichever fails last, so a missing lags would
// otherwise read "lags must not be greater than 10000".
const LAGS_MESSAGE = { message: `lags must be an integer in [0, ${LIMITS.acfLags}]` };

/**
 * `ts.arma.acf`: theoretical ACF/PACF/psi of (1 − φ₁L − …)x_t = (1 + θ₁L + …)e_t. The AR part must be stationary and
 * the MA part invertible (every root of 1 + θ₁z + … outside the unit circle): otherwise INVALID_ARGUMENT naming `ar`
 * or `ma`; for `ma` the message gives the smallest root modulus and the invertible MA with the same ACF (its roots
 * inside the circle flipped to 1/z̄, σ² scaled), unless allowNonInvertible.
 */
export class ArmaAcfRequest {
  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ar!: number[];

  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ma!: number[];

  @IsInt(LAGS_MESSAGE) @Min(0, LAGS_MESSAGE) @Max(LIMITS.acfLags, LAGS_MESSAGE)
  lags!: number;

  /**
   * Accept a non-invertible MA (default false). Its ACF, PACF and ψ-weights are well defined and equal those of
   * the flipped invertible MA (ψ is the plain recursion with the given θ); only the AR(∞) form is lost.
   */
  @IsOptional() @IsBoolean({ message: 'allowNonInvertible must be true or false' })
  allowNonInvertible?: boolean;
}

/** Lag 0 first; each has lags + 1 entries. */
export interface ArmaAcfReply {
  acf: number[];
  pacf: number[];
  psi: number[];
}
