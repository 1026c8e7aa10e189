import type { JobEvent, JobState } from '@modelbus/client';
import { percent } from './output';

/** `key: value` lines of a job state for humans (objects as compact JSON). */
export function describeState(s: JobState): string {
  const order: (keyof JobState)[] = ['jobId', 'service', 'kind', 'status', 'progress', 'message', 'attempt', 'submittedAt', 'startedAt', 'finishedAt', 'updatedAt', 'worker', 'model', 'result', 'summary', 'error', 'cancelRequested'];
  const keys = [...order.filter((k) => k in s), ...(Object.keys(s) as (keyof JobState)[]).filter((k) => !order.includes(k))];
  const width = Math.max(...keys.map((k) => k.length));
  return (
    keys
      .filter((k) => s[k] !== undefined)
      .map((k) => {
        const v = s[k];
        const text = k === 'progress' ? percent(v as number) : typeof v === 'object' ? JSON.stringify(v) : String(v);
        return `${(k + ':').padEnd(width + 1)} ${text}`;
      })
      .join('\n') + '\n'
  );
}

/** One line per event, for logs and pipes. */
export function eventLine(e: JobEvent): string {
  return `${e.at} ${e.status.padEnd(9)} ${percent(e.progress).padStart(4)}${e.message ? ' ' + e.message : ''}\n`;
}

/** A redrawn single-line bar for terminals: `[#########...........]  45% running  epoch 4/10`. */
export function progressBar(e: JobEvent, width = 30): string {
  const p = Math.min(1, Math.max(0, Number.isFinite(e.progress) ? e.progress : 0));
  const filled = Math.round(p * width);
  const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent(p).padStart(4)} ${e.status}${e.message ? '  ' + e.message : ''}`;
  return `\r\x1b[2K${text}`;
}
