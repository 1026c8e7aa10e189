import { describe, expect, it } from 'vitest';
import { warmUpMiner } from './warm-up';

describe('warmUpMiner', () => {
  it('mines a non-trivial synthetic database, the same on every call', () => {
    const first = warmUpMiner();
    // 3 rounds × (serial + one shard merged): the two paths agree, so the total is a multiple of 6
    expect(first).toBeGreaterThan(10_000);
    expect(first % 6).toBe(0);
    expect(warmUpMiner()).toBe(first);
  });
});
