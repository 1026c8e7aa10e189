/** Where a command writes; injectable so the same code is testable in-process. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** stderr is a terminal: draw a live progress bar instead of one line per event. */
  errIsTTY: boolean;
}

export const processIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTTY: Boolean(process.stderr.isTTY),
});

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value) + '\n');
}

/** Left-aligned columns separated by two spaces; the header row in capitals. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export const percent = (fraction: number | undefined) => (typeof fraction === 'number' && Number.isFinite(fraction) ? `${Math.round(fraction * 100)}%` : '-');

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
