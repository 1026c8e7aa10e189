/** Injection tokens of the platform module. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const JOB_DEFINITIONS = Symbol('JOB_DEFINITIONS');
export const WORKER_FILE = Symbol('WORKER_FILE');
