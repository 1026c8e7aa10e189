export * from './errors';
export * from './matrix';
export { gemm, matmul } from './gemm';
export { kernelBackendStatus, wasmKernelsAvailable } from './wasm/kernels';
