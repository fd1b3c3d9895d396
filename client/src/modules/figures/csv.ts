/**
 * CSV for spreadsheets in Danish: semicolon-separated (a comma is the decimal sign),
 * UTF-8 with a byte-order mark so Excel shows æ, ø and å, lines ended by CRLF.
 */
export const CSV_SEPARATOR = ';';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets
 * a leading single quote, so it shows as text: the OWASP rule against CSV injection. A
 * person's name or a free-text detail in an export is typed by someone else.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(raw: string): string {
  const value = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[";\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(CSV_SEPARATOR)).join('\r\n')}\r\n`;
}

/** A file name without characters that file systems refuse. */
export function csvFileName(...parts: string[]): string {
  return `${parts.join('-').toLowerCase().replace(/[^\p{L}\p{N}-]+/gu, '-').replace(/-+/g, '-').replace(/^-|-$/g, '')}.csv`;
}

/** Starts a download of the text as a CSV file. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
