export * from './errors';
export * from './matrix';
export { gemm, matmul } from './gemm';
export { kernelBackendStatus, wasmKernelsAvailable } from './wasm/kernels';
export { solveTriangular, type TriangularOptions } from './triangular';
export { cholesky, choleskySolve } from './cholesky';
export { det, inverse, lu, luSolve, solve, type LuDecomposition } from './lu';
export { leastSquares, qr } from './qr';
export { eigh } from './eigh';
