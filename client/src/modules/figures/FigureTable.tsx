import { useId, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { csvFileName, downloadCsv, toCsv } from './csv';
import { AT_LEAST_NOTE, AT_LEAST_TEXT, SUPPRESSED_TEXT, SUPPRESSION_NOTE, type TableData } from './figures';

/** Why a cell is not a plain number: hidden, or a period's sum with hidden months left out. */
function cellNote(cell: string): string | undefined {
  if (cell === SUPPRESSED_TEXT) return `${SUPPRESSION_NOTE}.`;
  return cell.startsWith(`${AT_LEAST_TEXT} `) ? `${AT_LEAST_NOTE}.` : undefined;
}

/**
 * Whether the element is wider inside than it shows (its table scrolls sideways). Checked again
 * when it or its content changes size: another period brings other columns, a window is resized.
 */
export function useOverflows(ref: RefObject<HTMLElement | null>, content: unknown): boolean {
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    check();
    if (typeof ResizeObserver === 'undefined') {
      window.addEventListener('resize', check);
      return () => window.removeEventListener('resize', check);
    }
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [ref, content]);
  return overflows;
}

/**
 * A key-figure table with its CSV export. The table is also the accessible version of the
 * charts: every number a chart shows is here, with "skjult" where a number is hidden.
 */
export function FigureTable({ title, table, fileStem, scrollHint = 'Rul vandret for at se flere måneder.', download = downloadCsv }: {
  title: string;
  table: TableData;
  fileStem: string;
  /** Said above a table wider than its card, whose last columns are out of sight: what is to the right (months, unless said otherwise). */
  scrollHint?: string;
  /** Injectable for tests. */
  download?: (fileName: string, csv: string) => void;
}) {
  const id = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const overflows = useOverflows(scroller, `${table.columns.join('|')}#${table.rows.length}`);
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
      {/* A table wider than the card (the months of a year at 1280 px) hides its last columns: said in words, and shown by a shadow at the edge (figures.css). */}
      {overflows ? (
        <p className="hint figure-scroll-hint" id={`${id}-scroll`}>
          {scrollHint}
        </p>
      ) : null}
      {/* A region the keyboard can scroll: it takes the focus, and the arrow keys move it. */}
      <div
        ref={scroller}
        className="table-scroll"
        tabIndex={0}
        role="region"
        aria-label={`${title} (rul vandret)`}
        aria-describedby={overflows ? `${id}-scroll` : undefined}
      >
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
