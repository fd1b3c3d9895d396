import { useId } from 'react';
import { csvFileName, downloadCsv, toCsv } from './csv';
import { AT_LEAST_NOTE, AT_LEAST_TEXT, SUPPRESSED_TEXT, SUPPRESSION_NOTE, type TableData } from './figures';

/** Why a cell is not a plain number: hidden, or a period's sum with hidden months left out. */
function cellNote(cell: string): string | undefined {
  if (cell === SUPPRESSED_TEXT) return `${SUPPRESSION_NOTE}.`;
  return cell.startsWith(`${AT_LEAST_TEXT} `) ? `${AT_LEAST_NOTE}.` : undefined;
}

/**
 * A key-figure table with its CSV export. The table is also the accessible version of the
 * charts: every number a chart shows is here, with "skjult" where a number is hidden.
 */
export function FigureTable({ title, table, fileStem, download = downloadCsv }: {
  title: string;
  table: TableData;
  fileStem: string;
  /** Injectable for tests. */
  download?: (fileName: string, csv: string) => void;
}) {
  const id = useId();
  const exportCsv = () =>
    download(csvFileName(fileStem), toCsv(['Nøgletal', ...table.columns], table.rows.map((r) => [r.label, ...r.cells])));
  return (
    <section className="card figure-table" aria-labelledby={id}>
      <div className="figure-table-header">
        <h2 id={id}>{title}</h2>
        <button type="button" className="button button-secondary button-small" onClick={exportCsv} aria-label={`Hent som CSV: ${title}`}>
          Hent som CSV
        </button>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`${title} (rul vandret)`}>
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">Nøgletal</th>
              {table.columns.map((c, i) => (
                // Columns are positional (two units may share a name in a test, months never repeat).
                <th key={i} scope="col" className="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, i) => (
                  <td key={i} className={c === SUPPRESSED_TEXT ? 'num suppressed' : 'num'} title={cellNote(c)}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
