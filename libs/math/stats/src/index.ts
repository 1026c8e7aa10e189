export * from './lbfgs';
export * from './numeric-gradient';
export * from './rng';
