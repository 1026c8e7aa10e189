export * from './csv';
export * from './split-label';
export * from './standardize';
export * from './perceptron';
