import type { StoredModel } from './object-stores.service';

/**
 * Recently read models and results, kept by bytes (not by count): paging a 26 MB FP-Growth result or
 * forecasting from a large batch result reads the same object once per request, and re-fetching and
 * re-hashing it each time costs seconds. An entry is valid only for the object revision (nuid) it was
 * read at; the least recently used entries go first when the budget is exceeded. Objects larger than
 * half the budget are not kept, so one read cannot flush everything else.
 */
export class ModelCache {
  private readonly entries = new Map<string, { nuid: string; model: StoredModel }>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  /** The model read at revision `nuid`, or undefined (a stale revision is dropped). */
  get(name: string, nuid: string): StoredModel | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    this.entries.delete(name);
    if (e.nuid !== nuid) {
      this.bytes -= e.model.bytes.byteLength;
      return undefined;
    }
    this.entries.set(name, e); // most recently used goes last
    return e.model;
  }

  set(name: string, nuid: string, model: StoredModel): void {
    this.delete(name);
    const size = model.bytes.byteLength;
    if (size > this.budgetBytes / 2) return;
    this.entries.set(name, { nuid, model });
    this.bytes += size;
    for (const [oldest, e] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.bytes -= e.model.bytes.byteLength;
    }
  }

  delete(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.entries.delete(name);
    this.bytes -= e.model.bytes.byteLength;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
