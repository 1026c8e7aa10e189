// Piscina worker of the deep-learning service: pure math on typed arrays, no Nest or NATS here.
import { parseNumericCsv, predictPerceptron, splitLabel, trainPerceptron, type PerceptronModel } from '@modelbus/math-nn';
import { defineWorker } from '@modelbus/platform/worker';
import type { Matrix } from '@modelbus/math-linalg';

interface TrainArgs {
  csv: Uint8Array;
  labelColumn: string;
  epochs: number;
  learningRate: number;
  seed: number;
}

export default defineWorker({
  /** Parses the CSV dataset, trains, and reports progress once per epoch. */
  perceptronTrain: (args: TrainArgs, ctx) => {
    const { x, y, featureNames } = splitLabel(parseNumericCsv(args.csv, 'dataset'), args.labelColumn);
    const model = trainPerceptron(x, y, {
      epochs: args.epochs,
      learningRate: args.learningRate,
      seed: args.seed,
      featureNames,
      onEpoch: (e) => ctx.progress(e.epoch / args.epochs, `epoch ${e.epoch}/${args.epochs}: ${e.errors} mistakes, accuracy ${e.accuracy.toFixed(4)}`),
    });
    return { model, rows: x.rows, features: x.cols };
  },

  perceptronPredict: ({ model, inputs }: { model: PerceptronModel; inputs: Matrix }) => ({ predictions: predictPerceptron(model, inputs) }),
});
