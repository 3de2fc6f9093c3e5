/**
 * CSV for the Changed Entities export (RFC 4180: comma, CRLF, quotes doubled). Safe to open in a spreadsheet:
 * a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with `'`, so a deal
 * titled `=HYPERLINK(…)` reads as text, not as a formula (OWASP "CSV Injection").
 * @module
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: formula-neutralised, then quoted when it holds a comma, quote or line break.
 * @example toCsvCell('=1+1') // "'=1+1"
 */
export function toCsvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers we write ourselves (ids, counts) are never formulas; only text from the portal is neutralised.
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line with its CRLF. */
export function toCsvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(toCsvCell).join(',')}\r\n`;
}
