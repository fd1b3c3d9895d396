import { useQuery } from '@apollo/client/react';
import { todayInDenmark } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../../core/format';
import { navigate } from '../../core/router';
import { ErrorNotice, FieldError, Loading } from '../../core/ui';
import { graphql } from '../../gql';
import { FigureTable } from './FigureTable';
import { figureTable, monthLabel, PERIOD_NOTE, periodRowLabel, SUPPRESSED_TEXT, SUPPRESSION_NOTE, type KeyFiguresData } from './figures';
import { HeadlineFigures } from './HeadlineFigures';
import type { KeyFigure } from '../../gql/graphql';

/** Borgere i forløb and its split by programme type, as the server counts them. */
const BY_TYPE: readonly KeyFigure[] = ['ACTIVE_PROGRAMMES', 'ACTIVE_RESSOURCEFORLOEB', 'ACTIVE_JOBAFKLARINGSFORLOEB', 'ACTIVE_HELHEDSORIENTERET'];
import { CountChart, ShareChart } from './KeyFigureCharts';
import { OwnProgrammeSettings } from './OwnProgrammeSettings';
import { useOpenForPrint } from './openForPrint';
import './figures.css';

/** One document for the whole dashboard: the figures are lists, so it stays far under the query-cost limit. */
export const KeyFiguresQueryDoc = graphql(`
  query KeyFigures($from: String, $to: String) {
    keyFigures(from: $from, to: $to) {
      municipalityName
      fromMonth
      toMonth
      dataFrom
      companyBasedTarget
      companyBasedTargetSource
      ownFollowUpIntervalDays
      minimumGroupSize
      figures {
        figure
        label
        kind
        source
        definition
        programmeTypes
        covers
      }
      months {
        label
        from
        to
        beforeDataFrom
        values {
          figure
          value
          suppressed
          display
        }
      }
      period {
        label
        from
        to
        beforeDataFrom
        values {
          figure
          value
          suppressed
          display
          atLeast
        }
      }
      units {
        unitKind
        unitName
        months {
          label
          from
          to
          beforeDataFrom
          values {
            figure
            value
            suppressed
            display
          }
        }
        period {
          label
          from
          to
          beforeDataFrom
          values {
            figure
            value
            suppressed
            display
            atLeast
          }
        }
      }
    }
  }
`);

/**
 * A month as typed: "2026-01" (what a month picker gives), or "01-2026", "1/2026" or "1.2026"
 * where the browser shows a plain text box instead; null when it is none of these.
 */
export function parseMonth(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})$/.exec(t);
  const dk = /^(\d{1,2})[-/.](\d{4})$/.exec(t);
  const [year, month] = iso ? [iso[1]!, iso[2]!] : dk ? [dk[2]!, dk[1]!] : [null, null];
  if (!year || !month || Number(month) < 1 || Number(month) > 12) return null;
  return `${year}-${month.padStart(2, '0')}`;
}

/** The longest period the server computes at once (figures.service.ts, MAX_MONTHS). */
const MAX_MONTHS = 36;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/**
 * A month that has not begun has no figures (the server refuses it, reason FUTURE_MONTH): in
 * forløb it would show every forløb running today, as if a forecast.
 */
export const FUTURE_MONTH_TEXT = 'Nøgletal findes kun til og med denne måned: en måned, der ikke er begyndt, har ingen tal endnu.';

/**
 * The period's problems in Danish, by field, as the server would refuse it; empty months are
 * the default period's (an empty "Til" is this month).
 */
export function checkRange(from: string, to: string, thisMonth: string = todayInDenmark().slice(0, 7)): { from?: string; to?: string } {
  const problems: { from?: string; to?: string } = {};
  const wrong = 'Skriv måneden som år og måned, fx 2026-01.';
  const [f, t] = [parseMonth(from), parseMonth(to)];
  if (from.trim() && !f) problems.from = wrong;
  if (to.trim() && !t) problems.to = wrong;
  const last = to.trim() ? t : thisMonth;
  if (f && f > thisMonth) problems.from = FUTURE_MONTH_TEXT;
  if (t && t > thisMonth) problems.to = FUTURE_MONTH_TEXT;
  if (problems.from || problems.to) return problems;
  // With no "Til", the last month is this one, and a later "Fra" is refused above as not begun.
  if (f && last && f > last) {
    problems.to = 'Til-måneden må ikke ligge før fra-måneden.';
  } else if (f && last && monthIndex(last) - monthIndex(f) + 1 > MAX_MONTHS) {
    problems.from = `Højst ${MAX_MONTHS} måneder ad gangen.`;
  }
  return problems;
}

type Range = { from: string | null; to: string | null };

/** The period in the address ("?fra=2026-01&til=2026-06"): a month that is no month, or a period the form would refuse, is the default. */
const RANGE_PARAMS = { from: 'fra', to: 'til' } as const;

function rangeFromSearch(search: string): Range {
  const params = new URLSearchParams(search);
  const [from, to] = [params.get(RANGE_PARAMS.from) ?? '', params.get(RANGE_PARAMS.to) ?? ''];
  const problems = checkRange(from, to);
  return problems.from || problems.to ? { from: null, to: null } : { from: parseMonth(from), to: parseMonth(to) };
}

function searchOfRange(range: Range, current: string): string {
  const params = new URLSearchParams(current);
  for (const key of ['from', 'to'] as const) {
    const value = range[key];
    if (value) params.set(RANGE_PARAMS[key], value);
    else params.delete(RANGE_PARAMS[key]);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The period's fields show the period in force: the one chosen, or the server's default (the
 * last 12 months) as it answered it. A month picker shows no placeholder, so an empty field would
 * read as no period at all. A field emptied by the user still means the default, as before.
 */
function RangeForm({ shownPeriod, range, onChange }: { shownPeriod: Pick<KeyFiguresData, 'fromMonth' | 'toMonth'> | undefined; range: Range; onChange: (range: Range) => void }) {
  const id = useId();
  // The picker offers no month after this one: it has no figures yet.
  const thisMonth = todayInDenmark().slice(0, 7);
  // What the user has typed since the period was last chosen; null: untouched, showing the period in force.
  const [typed, setTyped] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  const inForce = { from: range.from ?? shownPeriod?.fromMonth ?? '', to: range.to ?? shownPeriod?.toMonth ?? '' };
  const from = typed.from ?? inForce.from;
  const to = typed.to ?? inForce.to;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Nothing typed: the period stays as it is, the default one too (which follows the months as they pass).
    if (typed.from === null && typed.to === null) return;
    const found = checkRange(from, to);
    setProblems(found);
    if (found.from || found.to) {
      document.getElementById(`${id}-${found.from ? 'from' : 'to'}`)?.focus();
      return;
    }
    setTyped({ from: null, to: null });
    // A field left untouched keeps what it stood for: the default "Til" (this month) goes on
    // following the months as they pass, rather than being fixed at the month it showed.
    onChange({ from: typed.from === null ? range.from : parseMonth(from), to: typed.to === null ? range.to : parseMonth(to) });
  };
  const field = (key: 'from' | 'to', label: string, value: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="month"
        max={thisMonth}
        value={value}
        aria-invalid={problems[key] ? true : undefined}
        aria-describedby={problems[key] ? `${id}-${key}-error` : undefined}
        onChange={(e) => {
          const next = e.target.value;
          setTyped((t) => ({ ...t, [key]: next }));
          setProblems((p) => ({ ...p, [key]: undefined }));
        }}
      />
      <FieldError id={`${id}-${key}-error`} message={problems[key]} />
    </div>
  );
  return (
    <form className="card figure-range" onSubmit={submit} noValidate aria-label="Vælg periode" data-leave-freely>
      {field('from', 'Fra måned', from)}
      {field('to', 'Til måned', to)}
      <p className="actions">
        <button type="submit" className="button">
          Vis periode
        </button>
      </p>
    </form>
  );
}

/**
 * A key for each unit's section. The figures carry no unit id, and a municipality may have several units of
 * one kind; a closed unit may share an open one's name, so a repeated name is numbered.
 */
function unitKeys(units: ReadonlyArray<{ unitName: string }>): string[] {
  const seen = new Map<string, number>();
  return units.map((u) => {
    const n = (seen.get(u.unitName) ?? 0) + 1;
    seen.set(u.unitName, n);
    return `${u.unitName}#${n}`;
  });
}

/**
 * The documents the figures cite, each once with the parts cited ("grundelement 8 og 9, appendiks 1"):
 * a figure's source may name several ("A; B"), each shared with other figures, and the same document
 * is cited at different parts. A range ("grundelement 8–9") is its parts.
 */
const DOCUMENTS: ReadonlyArray<{ title: string; prefix: RegExp }> = [
  { title: 'STAR’s guide Gode ressourceforløb af høj kvalitet', prefix: /^STAR’s guide Gode ressourceforløb af høj kvalitet,?\s*/ },
  { title: 'STAR’s vejledning om ressourceforløb 2020', prefix: /^STAR’s vejledning om ressourceforløb 2020,?\s*/ },
  { title: 'Lov om en aktiv beskæftigelsesindsats (LAB)', prefix: /^LAB\s+/ },
];

export function sourcesOf(figures: ReadonlyArray<{ source: string }>): Array<{ title: string; parts: string[] }> {
  const groups = new Map<string, Set<string>>();
  for (const source of new Set(figures.flatMap((f) => f.source.split('; ').map((s) => s.trim()).filter(Boolean)))) {
    const doc = DOCUMENTS.find((d) => d.prefix.test(source));
    const title = doc?.title ?? source;
    const parts = groups.get(title) ?? new Set<string>();
    groups.set(title, parts);
    if (!doc) continue;
    const part = source.replace(doc.prefix, '');
    const range = /^(.*?)(\d+)–(\d+)$/.exec(part);
    if (range) for (let n = Number(range[2]); n <= Number(range[3]); n++) parts.add(`${range[1]}${n}`);
    else if (part) parts.add(part);
  }
  return [...groups].map(([title, parts]) => ({ title, parts: [...parts].sort((a, b) => a.localeCompare(b, 'da', { numeric: true })) }));
}

/** "grundelement 8", "grundelement 9" -> "grundelement 8 og 9": a part's word once, as a leader reads it. */
function partsText(parts: readonly string[]): string {
  const byWord = new Map<string, string[]>();
  for (const p of parts) {
    const m = /^(.*\s)?(\S+)$/.exec(p)!;
    const word = m[1] ?? '';
    byWord.set(word, [...(byWord.get(word) ?? []), m[2]!]);
  }
  const items = [...byWord].map(([word, ns]) => `${word}${ns.length < 2 ? ns[0] : `${ns.slice(0, -1).join(', ')} og ${ns[ns.length - 1]}`}`);
  return items.join('; ');
}

/**
 * From when the figures mean anything: the months before Samplan has data for the municipality
 * are unknown, shown as "–" by the server, and the leader is told why rather than left to read them as 0.
 */
export function dataFromNote(data: Pick<KeyFiguresData, 'dataFrom' | 'months'>): string {
  if (!data.dataFrom) return 'Samplan har endnu ingen forløb for kommunen, så der er ingen tal.';
  const note = `Samplan har data fra ${formatDate(data.dataFrom)}.`;
  return data.months.some((m) => m.beforeDataFrom) ? `${note} Måneder før står som »–«: de er ukendte, ikke 0.` : note;
}

/**
 * What each figure counts (served with the labels), so a leader need not guess whether a
 * person counts once or each forløb does. Collapsed by default; a native <details>, so it
 * opens from the keyboard and a screen reader announces it as a disclosure.
 */
function FigureDefinitions({ figures }: { figures: KeyFiguresData['figures'] }) {
  return (
    <details className="card figure-definitions unfold-in-print" data-testid="figure-definitions">
      <summary>Hvad tæller med? Nøgletallenes definitioner</summary>
      <dl>
        {figures.map((f) => (
          <div key={f.figure} className="figure-definition">
            <dt>{f.label}</dt>
            <dd>
              {f.definition} <span className="hint">Kilde: {f.source}.</span>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Dashboard({ data, download }: { data: KeyFiguresData; download?: (fileName: string, csv: string) => void }) {
  // The whole period counts from the first month with data (the server's period bucket starts there).
  const clipped = !data.period.beforeDataFrom && data.period.from.slice(0, 7) > data.fromMonth;
  const periodColumn = clipped ? `Hele perioden fra ${monthLabel(data.period.from.slice(0, 7))}` : 'Hele perioden';
  const period = `${monthLabel(clipped ? data.period.from.slice(0, 7) : data.fromMonth)}–${monthLabel(data.toMonth)}`;
  const monthly = figureTable(data.figures, [...data.months, data.period], (b, i) => (i === data.months.length ? periodColumn : monthLabel(b.label)));
  const byUnit = figureTable(data.figures, data.units.map((u) => u.period), (_b, i) => data.units[i]!.unitName, periodRowLabel);
  const keys = unitKeys(data.units);
  const typeFigures = BY_TYPE.map((f) => data.figures.find((info) => info.figure === f)).filter((f) => f !== undefined);
  const byType =
    typeFigures.length > 1
      ? figureTable(typeFigures, [...data.months, data.period], (b, i) => (i === data.months.length ? periodColumn : monthLabel(b.label)))
      : null;
  const grid = useRef<HTMLDivElement>(null);
  useOpenForPrint(grid);
  return (
    <div className="figure-grid" ref={grid}>
      <HeadlineFigures data={data} />
      <ShareChart title="Virksomhedsrettet indsats" months={data.months} figures={data.figures} lines={['COMPANY_BASED_SHARE']} target={data.companyBasedTarget} />
      <ShareChart title="Indsatsgaranti og opfølgning" months={data.months} figures={data.figures} lines={['GUARANTEE_SHARE', 'FOLLOW_UP_REQUIREMENT_SHARE']} />
      <CountChart title="Startede og afsluttede forløb" months={data.months} figures={data.figures} bars={['STARTED', 'ENDED']} />
      <FigureTable title={`${data.municipalityName}, måned for måned`} table={monthly} fileStem={`noegletal-${data.fromMonth}-${data.toMonth}`} download={download} />
      {byType ? (
        <FigureTable title="Borgere i forløb, fordelt på forløbstype" table={byType} fileStem={`noegletal-forloebstyper-${data.fromMonth}-${data.toMonth}`} download={download} />
      ) : null}
      <FigureTable title={`Fordelt på koordinatorens enhed, ${period}`} table={byUnit} fileStem={`noegletal-enheder-${data.fromMonth}-${data.toMonth}`} scrollHint="Rul vandret for at se flere enheder." download={download} />
      {data.units.map((u, i) => (
        <details key={keys[i]} className="card unfold-in-print">
          <summary>{u.unitName}: måned for måned</summary>
          <FigureTable
            title={`${u.unitName}, måned for måned`}
            table={figureTable(data.figures, u.months, (b) => monthLabel(b.label))}
            fileStem={`noegletal-${u.unitName}-${data.fromMonth}-${data.toMonth}`}
            download={download}
          />
        </details>
      ))}
      <p className="hint" data-testid="period-note">
        {PERIOD_NOTE}
      </p>
      <FigureDefinitions figures={data.figures} />
      <div className="hint figure-sources" data-testid="figure-sources">
        <h2 className="figure-sources-heading">Kilder</h2>
        <ul>
          {sourcesOf(data.figures).map(({ title, parts }) => (
            <li key={title}>
              {title}
              {parts.length ? `: ${partsText(parts)}` : ''}
            </li>
          ))}
        </ul>
      </div>
      <p className="hint">
        Tal opgøres for borgere, der har været i forløb i måneden (i indeværende måned til og med i dag); indsatsgarantien og
        samtalerne for dem, hvis første 6 måneder sluttede i måneden – og først når fristen er passeret, så en borger, der stadig har tid, ikke tæller som
        mangler.
      </p>
    </div>
  );
}

/**
 * Nøgletal for ledere (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9): the municipality's key figures month by month,
 * and split by the coordinator's unit. Only aggregates — never a name — and a group of
 * fewer than 5, or a number it could be worked out from, shows as "skjult" (decided by the server; the client never sees the number).
 * It is a leader's start page (app/App.tsx).
 */
export function KeyFiguresPage({ download }: { download?: (fileName: string, csv: string) => void } = {}) {
  // The period chosen is kept in the address, so Back from another page and a reload show it again.
  // Replaced, never pushed: choosing a period is no step of its own for Back.
  const [range, setRange] = useState<Range>(() => rangeFromSearch(window.location.search));
  useEffect(() => {
    const { pathname, search, hash } = window.location;
    navigate(`${pathname}${searchOfRange(range, search)}${hash}`, { replace: true });
  }, [range]);
  const { data, previousData, loading, error } = useQuery(KeyFiguresQueryDoc, { variables: range });
  const figures = (data ?? previousData)?.keyFigures;
  useEffect(() => {
    document.title = 'Nøgletal – Samplan';
  }, []);
  return (
    <div className="page">
      <header className="page-header">
        <h1 tabIndex={-1}>Nøgletal{figures ? ` – ${figures.municipalityName}` : ''}</h1>
        <p className="page-header-meta">
          {figures ? `${monthLabel(figures.fromMonth)}–${monthLabel(figures.toMonth)}. ` : ''}Kun tal, aldrig navne. {SUPPRESSION_NOTE}: der står »
          {SUPPRESSED_TEXT}«.
        </p>
        {figures ? (
          <p className="page-header-meta" data-testid="data-from">
            {dataFromNote(figures)}
          </p>
        ) : null}
      </header>
      {/* The period in force is the one asked for: the last period's figures, shown while the next come, are not. */}
      <RangeForm shownPeriod={data?.keyFigures} range={range} onChange={setRange} />
      {error ? <ErrorNotice error={error} title="Nøgletallene kunne ikke hentes." /> : null}
      {loading && !figures ? <Loading label="Henter nøgletal…" /> : null}
      {/* Another period asked for: the figures shown are the last period's until the new ones come, and say so. */}
      {loading && figures ? <Loading label="Henter nøgletal for den valgte periode … Tallene nedenfor er for den forrige." /> : null}
      {/* The new period could not be read: the last period's figures stay, said to be that period's, not the one chosen. */}
      {!loading && error && !data && figures ? (
        <p className="notice notice-warning" data-testid="figures-stale">
          Tallene nedenfor er for den forrige periode ({monthLabel(figures.fromMonth)}–{monthLabel(figures.toMonth)}), ikke den valgte.
        </p>
      ) : null}
      {figures ? (
        <div aria-busy={loading || undefined} className={loading || (error && !data) ? 'figures-stale' : undefined}>
          <Dashboard data={figures} download={download} />
        </div>
      ) : null}
      <OwnProgrammeSettings />
    </div>
  );
}
