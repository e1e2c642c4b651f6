import { parse } from 'csv-parse/sync';
import type { ImportRowError } from './dto/import.dto';

/** Most data rows one file may hold. */
export const MAX_IMPORT_ROWS = 50_000;

export interface CsvRecord {
  /** Line of the record as a spreadsheet numbers it (header = 1). */
  readonly row: number;
  readonly values: Record<string, string>;
}

export type ParsedCsv = { ok: true; records: CsvRecord[] } | { ok: false; errors: ImportRowError[] };

/**
 * Parses an RFC 4180 file with a header row: every header must be one of `allowed`, every one of
 * `required` must be there. A malformed file is reported, never thrown.
 */
export function parseCsv(text: unknown, allowed: readonly string[], required: readonly string[]): ParsedCsv {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, errors: [{ row: 1, field: 'body', message: 'a text/csv body with a header row is required' }] };
  }
  let matrix: string[][];
  try {
    const parsed: unknown = parse(text, { relax_column_count: false, skip_empty_lines: true, bom: true });
    matrix = parsed as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { ok: false, errors: [{ row: line, field: 'body', message: `malformed CSV: ${(err as Error).message.slice(0, 200)}` }] };
  }
  const [header, ...data] = matrix;
  if (!header) return { ok: false, errors: [{ row: 1, field: 'body', message: 'a header row is required' }] };
  const names = header.map((h) => h.trim());
  const errors: ImportRowError[] = [];
  for (const name of names) {
    if (!allowed.includes(name)) errors.push({ row: 1, field: name, message: `unknown column; allowed: ${allowed.join(', ')}` });
  }
  for (const name of required) {
    if (!names.includes(name)) errors.push({ row: 1, field: name, message: 'required column is missing' });
  }
  if (new Set(names).size !== names.length) errors.push({ row: 1, field: 'header', message: 'a column appears twice' });
  if (data.length > MAX_IMPORT_ROWS) errors.push({ row: 1, field: 'body', message: `at most ${MAX_IMPORT_ROWS} rows per file` });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    records: data.map((cells, i) => ({ row: i + 2, values: Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ''])) })),
  };
}
