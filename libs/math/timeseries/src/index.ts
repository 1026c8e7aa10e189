export * from './arma-acf';
export * from './arma-filter';
export * from './arma-simulate';
export * from './polynomial';
export * from './sample-acf';
