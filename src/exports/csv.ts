import { pipeline, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** Characters that make a spreadsheet treat a cell as a formula (or hide one): =, +, -, @, tab, CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface CsvColumn {
  /** Key in the database row. */
  readonly key: string;
  /** Header in the file. */
  readonly header: string;
  /** Free text a user typed (names, notes…): neutralised. Numbers, ids and dates are written as they are. */
  readonly text?: boolean;
}

/**
 * Rows (object mode) → RFC 4180 CSV (CRLF, quotes doubled, quoted when needed), UTF-8. `pipeline`
 * carries backpressure both ways and destroys the source when the consumer goes away.
 */
export function toCsv(rows: Readable, columns: readonly CsvColumn[]): Readable {
  const textKeys = new Set(columns.filter((c) => c.text).map((c) => c.key));
  const csv = stringify({
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
    record_delimiter: '\r\n',
    cast: {
      date: (d) => d.toISOString(),
      boolean: (b) => (b ? 'true' : 'false'),
      string: (value, context) => (typeof context.column === 'string' && textKeys.has(context.column) ? neutralise(value) : value),
    },
  });
  return pipeline(rows, csv, () => undefined);
}
