import { describe, expect, it } from 'vitest';
import { JOB_ID_PATTERN } from '@modelbus/contracts';
import { newJobId, parseJobKind } from './job-kind';

describe('parseJobKind', () => {
  it('maps prefix.kind to service, kind and subject', () => {
    expect(parseJobKind('dl.perceptron-train')).toEqual({ prefix: 'dl', service: 'deep-learning', kind: 'perceptron-train', subject: 'jobs.dl.perceptron-train' });
    expect(parseJobKind('jobs.rec.fpgrowth').service).toBe('recommendation');
  });

  it.each(['perceptron', 'xx.fit', 'dl.', 'dl.a.b', 'dl.a b', '.fit'])('rejects %s with INVALID_ARGUMENT', (k) => {
    expect(() => parseJobKind(k)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('newJobId', () => {
  it('is a valid, readable, unique job id', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newJobId('dl', 'perceptron-train')));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(JOB_ID_PATTERN);
      expect(id.startsWith('dl-perceptron-train-')).toBe(true);
    }
  });

  it('falls back to a shorter id when the kind would make it too long', () => {
    expect(newJobId('dl', 'k'.repeat(120))).toMatch(JOB_ID_PATTERN);
  });
});
