// Test-only loader for the shared dl/ classification sets (not exported from the package).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseNumericCsv } from '../csv';
import { splitLabel, type LabelledData } from '../split-label';

/** The shared data folder: $MODELBUS_DATA_DIR, else ../shared/data beside the repository. */
export const DATA_DIR = process.env['MODELBUS_DATA_DIR'] ?? resolve(__dirname, '../../../../../../shared/data');

export function dlFile(name: string): string {
  return join(DATA_DIR, 'dl', name);
}

export function hasDlData(): boolean {
  return existsSync(dlFile('iris_setosa_train.csv.gz'));
}

/** Reads dl/<set>_<part>.csv.gz and splits off the `label` column. */
export function loadDl(set: string, part: 'train' | 'test'): LabelledData {
  const bytes = gunzipSync(readFileSync(dlFile(`${set}_${part}.csv.gz`)));
  return splitLabel(parseNumericCsv(bytes, `${set}_${part}`), 'label');
}
