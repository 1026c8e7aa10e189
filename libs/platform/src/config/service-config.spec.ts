import { describe, expect, it } from 'vitest';
import { ConfigError, loadServiceConfig } from './service-config';

describe('loadServiceConfig', () => {
  it('has working defaults per service', () => {
    const c = loadServiceConfig('linear-algebra', {});
    expect(c).toMatchObject({ service: 'linear-algebra', prefix: 'la', natsUrl: 'nats://127.0.0.1:4222', httpPort: 3104, queueMax: 256, jobsMaxDeliver: 5, modelsCacheMb: 256 });
    expect(c.workersMax).toBeGreaterThanOrEqual(1);
    expect(loadServiceConfig('timeseries', {}).httpPort).toBe(3101);
  });

  it('reads the environment', () => {
    const c = loadServiceConfig('deep-learning', { NATS_URL: 'nats://a:4222,nats://b:4222', WORKERS_MAX: '3', QUEUE_MAX: '0', JOBS_BACKOFF_MS: '1000, 5000', INSTANCE_ID: 'x', MODELS_CACHE_MB: '0' });
    expect(c).toMatchObject({ natsUrl: 'nats://a:4222,nats://b:4222', workersMax: 3, queueMax: 0, jobsBackoffMs: [1000, 5000], instanceId: 'x', modelsCacheMb: 0 });
  });

  it('collects every problem into one message naming the variables and values', () => {
    let err: unknown;
    try {
      loadServiceConfig('recommendation', { WORKERS_MAX: 'two', HTTP_PORT: '70000', NATS_URL: 'http://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('recommendation');
    expect(msg).toContain('WORKERS_MAX must be an integer from 1 to 1024 (got "two")');
    expect(msg).toContain('HTTP_PORT');
    expect(msg).toContain('NATS_URL');
    expect(msg).toContain('LOG_LEVEL');
  });

  it("reads a service's own limits with the same checks", () => {
    const specs = { FPGROWTH_MAX_ITEMSETS: { default: 20, min: 1, max: 100 } };
    expect(loadServiceConfig('recommendation', {}, specs).limits).toEqual({ FPGROWTH_MAX_ITEMSETS: 20 });
    expect(loadServiceConfig('recommendation', { FPGROWTH_MAX_ITEMSETS: '7' }, specs).limits).toEqual({ FPGROWTH_MAX_ITEMSETS: 7 });
    expect(() => loadServiceConfig('recommendation', { FPGROWTH_MAX_ITEMSETS: 'lots' }, specs)).toThrow('FPGROWTH_MAX_ITEMSETS must be an integer from 1 to 100 (got "lots")');
    expect(loadServiceConfig('timeseries', {}).limits).toEqual({});
  });

  it('requires more deliveries than backoff steps (a JetStream rule)', () => {
    expect(() => loadServiceConfig('timeseries', { JOBS_MAX_DELIVER: '2', JOBS_BACKOFF_MS: '1000,2000' })).toThrow(/JOBS_MAX_DELIVER \(2\)/);
  });
});
