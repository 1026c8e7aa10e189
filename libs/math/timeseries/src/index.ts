export * from './arma-acf';
export * from './polynomial';
