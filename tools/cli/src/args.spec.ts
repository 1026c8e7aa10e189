import { describe, expect, it } from 'vitest';
import { allowOnly, expectPositionals, parseArgs, positiveIntFlag } from './args';
import { toSubmission } from './commands/submit';
import { progressBar } from './job-format';
import { table } from './output';

describe('parseArgs', () => {
  it('separates positionals from flags in any order, with --flag value and --flag=value', () => {
    const a = parseArgs(['submit', '--json', 'dl.x', '--job-id=j1', '{"a":-1}', '--server', 'nats://h:1']);
    expect(a.positionals).toEqual(['submit', 'dl.x', '{"a":-1}']);
    expect(Object.fromEntries(a.flags)).toEqual({ json: true, 'job-id': 'j1', server: 'nats://h:1' });
  });

  it('treats everything after -- as positionals, and -h as --help', () => {
    const a = parseArgs(['call', '-h', '--', '--json', '-x']);
    expect(a.positionals).toEqual(['call', '--json', '-x']);
    expect(a.flags.get('help')).toBe(true);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--server'], 'needs a value'],
    [['--server', '--json'], 'needs a value'],
    [['--json=yes'], 'takes no value'],
    [['--json', '--json'], 'given twice'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('checks command flags, counts of positionals and integer options', () => {
    expect(() => allowOnly(parseArgs(['--watch']), 'jobs ls', ['status'])).toThrow('jobs ls does not take --watch');
    expect(() => allowOnly(parseArgs(['--watch', '--json']), 'submit', ['watch'])).not.toThrow();
    expect(() => expectPositionals(['a'], ['name', 'file'], 'datasets put')).toThrow('missing <file>');
    expect(() => expectPositionals(['a', 'b', 'c'], ['name', 'file'], 'datasets put')).toThrow('unexpected argument "c"');
    expect(positiveIntFlag(parseArgs(['--timeout', '250']), 'timeout')).toBe(250);
    for (const bad of ['0', '1.5', 'x', '1e999']) expect(() => positiveIntFlag(parseArgs([`--timeout=${bad}`]), 'timeout')).toThrow('positive integer');
  });
});

describe('toSubmission', () => {
  it('takes the JSON as params, or a {params, jobId?} envelope', () => {
    expect(toSubmission({ epochs: 2 }, undefined)).toEqual({ params: { epochs: 2 } });
    expect(toSubmission({ params: { epochs: 2 }, jobId: 'j' }, undefined)).toEqual({ jobId: 'j', params: { epochs: 2 } });
    expect(toSubmission({ params: { a: 1 }, other: 1 }, 'k')).toEqual({ jobId: 'k', params: { params: { a: 1 }, other: 1 } });
  });

  it('rejects non-objects and conflicting job ids', () => {
    expect(() => toSubmission([1], undefined)).toThrow('params must be a JSON object');
    expect(() => toSubmission({ params: 3 }, undefined)).toThrow('params must be a JSON object');
    expect(() => toSubmission({ params: {}, jobId: 'a' }, 'b')).toThrow('differs');
  });
});

describe('formatting', () => {
  it('pads table columns to the widest cell', () => {
    expect(table(['A', 'BB'], [['xyz', '1'], ['q', '22']])).toBe('A    BB\nxyz  1\nq    22\n');
  });

  it('draws a bar proportional to progress, clamped to [0, 1]', () => {
    const bar = (p: number) => progressBar({ jobId: 'j', status: 'running', progress: p, at: '' }, 10).replace('\r\u001b[2K', '');
    expect(bar(0.3)).toBe('[###.......]  30% running');
    expect(bar(2)).toBe('[##########] 100% running');
    expect(bar(Number.NaN)).toBe('[..........]   0% running');
  });
});
