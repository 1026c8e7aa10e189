// la.pca.transform / la.pca.inverse-transform in the worker: the library's PCA transforms with a model
// rebuilt from the parts of a stored jobs.la.pca result. Pure math on typed arrays.
import { InvalidArgumentError, pcaInverseTransform, pcaTransform, type Matrix, type PcaModel } from '@modelbus/math-linalg';
import { checkResultSize } from './result-size';

/** What la.pca.* reads from a stored result (the name is for messages). */
export interface StoredPca {
  result: string;
  components: Matrix;
  mean: Float64Array;
  scale: Float64Array | null;
  explainedVariance: Float64Array;
  whiten: boolean;
}

function model(m: StoredPca): PcaModel {
  const k = m.components.rows;
  // transforms read components, mean, scale, explainedVariance and whiten only
  return { components: m.components, mean: m.mean, scale: m.scale, explainedVariance: m.explainedVariance, explainedVarianceRatio: new Float64Array(k), singularValues: new Float64Array(k), whiten: m.whiten };
}

export const pcaApplyOps = {
  pcaTransform: ({ model: m, x }: { model: StoredPca; x: Matrix }) => {
    const p = m.components.cols;
    if (x.cols !== p) throw new InvalidArgumentError('x', `has ${x.cols} columns, expected ${p} (the features of ${m.result})`);
    return { transformed: pcaTransform(model(m), x) };
  },
  pcaInverseTransform: ({ model: m, scores }: { model: StoredPca; scores: Matrix }) => {
    const { rows: k, cols: p } = m.components;
    if (scores.cols !== k) throw new InvalidArgumentError('scores', `has ${scores.cols} columns, expected ${k} (the components of ${m.result})`);
    checkResultSize('x', scores.rows, p, ' (scores.rows x features)', 'send fewer rows of scores at a time');
    return { x: pcaInverseTransform(model(m), scores) };
  },
};
