import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../dev/services.mjs';

describe('service start-up', () => {
  it('refuses a bad configuration with exit code 1 and a message naming every bad variable', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/apps/linear-algebra/main.js')], {
      env: { ...process.env, WORKERS_MAX: 'many', QUEUE_MAX: '-1', NATS_URL: 'not a url' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Invalid configuration for the linear-algebra service');
    expect(r.stderr).toContain('WORKERS_MAX must be an integer from 1 to 1024 (got "many")');
    expect(r.stderr).toContain('QUEUE_MAX');
    expect(r.stderr).toContain('NATS_URL');
  });

  it("refuses a bad value of a service's own limit the same way (recommendation's FPGROWTH_MAX_ITEMSETS)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/apps/recommendation/main.js')], {
      env: { ...process.env, FPGROWTH_MAX_ITEMSETS: 'lots', RULES_MAX_RULES: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Invalid configuration for the recommendation service');
    expect(r.stderr).toContain('FPGROWTH_MAX_ITEMSETS must be an integer from 1 to 2147483647 (got "lots")');
    expect(r.stderr).toContain('RULES_MAX_RULES must be an integer from 1 to 2147483647 (got "0")');
  });

  it('exits 1 with the reason when NATS cannot be reached', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/apps/timeseries/main.js')], {
      env: { ...process.env, NATS_URL: 'nats://127.0.0.1:1', HTTP_PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/timeseries failed to start/);
  });
});
