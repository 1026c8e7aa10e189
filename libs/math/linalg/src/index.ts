export * from './errors';
export * from './matrix';
