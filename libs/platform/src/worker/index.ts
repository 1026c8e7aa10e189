// Worker-thread side of the platform: no Nest, no NATS. Import as '@modelbus/platform/worker'.
export * from './define-worker';
export * from './error-mapping';
export * from './task';
