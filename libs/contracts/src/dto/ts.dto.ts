import { IsDefined, IsInt, Max, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { IsFiniteArray } from '../validators';

/** `ts.arma.acf`: theoretical ACF/PACF/psi of (1 − φ₁L − …)x_t = (1 + θ₁L + …)e_t. */
export class ArmaAcfRequest {
  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ar!: number[];

  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ma!: number[];

  @IsInt() @Min(0) @Max(LIMITS.acfLags)
  lags!: number;
}

/** Lag 0 first; each has lags + 1 entries. */
export interface ArmaAcfReply {
  acf: number[];
  pacf: number[];
  psi: number[];
}
