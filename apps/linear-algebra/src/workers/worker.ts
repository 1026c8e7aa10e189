// Piscina worker of the linear-algebra service: pure math on typed arrays, no Nest or NATS here.
import { defineWorker } from '@modelbus/platform/worker';
import { laPcaOp, laSvdOp } from './dataset-ops';
import { factorOps } from './factor-ops';
import { allFiniteResults, finiteResults } from './finite-results';
import { matmulOp } from './matmul-op';
import { pcaApplyOps } from './pca-apply-op';

export default defineWorker({
  // request/reply results travel as JSON, which has no ∞: an overflow is FAILED_PRECONDITION, not null
  matmul: finiteResults(matmulOp),
  ...allFiniteResults(factorOps),
  ...allFiniteResults(pcaApplyOps),
  /** jobs.la.svd: parse a matrix dataset, SVD, encode u/s/vt (MBMX). */
  laSvd: laSvdOp,
  /** jobs.la.pca: parse, PCA, encode the parts. */
  laPca: laPcaOp,
});
