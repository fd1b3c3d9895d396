import { formatWhen } from '../../core/format';
import { isSomebodysChange, type FieldChange, type PlanEvent } from './events';

/**
 * The Danish sentence a person reads about a change, composed from the event's parts
 * (docs/live-collaboration.md): "Bent Sørensen (Socialforvaltningen) ændrede Bostøtte:
 * Status Planlagt → Aktiv; Timer om ugen 2 → 4". The server sends the parts already cut to
 * what the receiver may see, with Danish labels and display values.
 */

/** How an empty value reads in "før → efter". */
const EMPTY_VALUE = '(tom)';

/** Who made the change: "Bent Sørensen (Socialforvaltningen)"; a mentor by name; the system's own events by unit, or Samplan. */
export function changedBy(event: Pick<PlanEvent, 'actor' | 'unit'>): string {
  const name = event.actor?.name;
  const unit = event.unit?.name;
  if (name && unit) return `${name} (${unit})`;
  return name ?? unit ?? 'Samplan';
}

/**
 * A value longer than this is cut short in a sentence: a section's whole text belongs in the
 * record's history, not in a line of the live feed or a screen reader's announcement.
 */
const SENTENCE_VALUE_MAX = 80;

function shortened(value: string): string {
  const chars = Array.from(value);
  return chars.length > SENTENCE_VALUE_MAX ? `${chars.slice(0, SENTENCE_VALUE_MAX - 1).join('').trimEnd()}…` : value;
}

/**
 * One changed field: "Status Planlagt → Aktiv". In full where the change is listed on its own
 * (the record's history); `short` cuts long values for a sentence.
 */
export function changeText(change: Pick<FieldChange, 'label' | 'before' | 'after'>, short = false): string {
  const shown = (value: string | null | undefined) => (value == null ? EMPTY_VALUE : short ? shortened(value) : value);
  return `${change.label} ${shown(change.before)} → ${shown(change.after)}`;
}

/**
 * Kinds whose title names only the kind of record ("progression på delmål", the section's
 * heading): the server's summary says which and what ("… registrerede progression 4/5 på
 * "Handle selv ind"", "Per Hansen skrev i Mine ønsker og mål"), so it is the sentence.
 */
const SUMMARY_IS_SENTENCE: ReadonlySet<string> = new Set(['SUBGOAL_PROGRESS_RECORDED', 'DESCRIPTION_UPDATED']);

/** The verb for what happened to the record named by the title. */
function verbOf(kind: string): string {
  if (kind.endsWith('_CREATED')) return 'oprettede';
  if (kind.endsWith('_RECORDED') || kind.endsWith('_LOGGED')) return 'registrerede';
  if (kind.endsWith('_ENDED')) return 'afsluttede';
  return 'ændrede';
}

/**
 * The whole sentence. Without a title (a mentor's cut view, or a change to the plan as a
 * whole such as its team), for the rules' own re-evaluation and for the kinds above, the
 * server's summary is the sentence: it is neutral where the receiver may see less.
 */
export function eventSentence(event: Pick<PlanEvent, 'kind' | 'actor' | 'unit' | 'title' | 'changes' | 'summary'>): string {
  if (!event.title || SUMMARY_IS_SENTENCE.has(event.kind) || !isSomebodysChange(event)) return event.summary;
  const head = `${changedBy(event)} ${verbOf(event.kind)} ${event.title}`;
  return event.changes.length ? `${head}: ${event.changes.map((c) => changeText(c, true)).join('; ')}` : head;
}

/**
 * The flag on a changed card: "Ændret af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32",
 * with the day, as an unseen change may be days old.
 */
export function changedFlagText(event: Pick<PlanEvent, 'actor' | 'unit' | 'at'>, now: Date = new Date()): string {
  return `Ændret af ${changedBy(event)} · ${formatWhen(event.at, now)}`;
}

/** "3 nye ændringer", "1 ny ændring". */
export function newChangesText(count: number): string {
  return `${count} ${count === 1 ? 'ny ændring' : 'nye ændringer'}`;
}
