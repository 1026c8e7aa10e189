export * from './lbfgs';
export * from './numeric-gradient';
export * from './rng';
export * from './normal-quantile';
