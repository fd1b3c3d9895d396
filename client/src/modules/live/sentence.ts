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
 * Kinds whose server summary is the sentence: it says which and what in its own words. Their
 * title names only the kind of record ("progression på delmål", the section's heading, "den
 * personlige jobformidler"; for the citizen's CPR number corrected and access closed or opened,
 * their contact details, as the number is never in an event), or a new record by its text alone,
 * which reads as if said of someone: "… registrerede progression 4 af 5 på »Handle selv ind«", "Per
 * Hansen skrev i Mine ønsker og mål", "… gjorde sig selv til borgerens personlige jobformidler fra
 * …", "… tilføjede delmålet »Skrive CV«", "… tilføjede aktiviteten »Møde med køkkenchefen« i
 * Praktik i kantinen". An activity whose details are withheld from the reader has its title taken
 * out of the summary by the server, as out of the title. A change of fields is told by its fields.
 */
const SUMMARY_IS_SENTENCE: ReadonlySet<string> = new Set([
  'SUBGOAL_CREATED', 'SUBGOAL_PROGRESS_RECORDED', 'INTERVENTION_CREATED', 'ACTIVITY_CREATED', 'PROGRAMME_CREATED', 'FOLLOW_UP_RECORDED',
  'COORDINATOR_ASSIGNED', 'JOB_FACILITATOR_CHANGED', 'TEAM_CHANGED', 'MENTOR_TASK_LOGGED', 'MENTOR_SHARING_CHANGED',
  'DESCRIPTION_UPDATED', 'CITIZEN_CPR_CORRECTED', 'CITIZEN_ACCESS_CLOSED', 'CITIZEN_ACCESS_REOPENED', 'MENTOR_GRANT_CREATED', 'MENTOR_GRANT_ENDED',
]);

/**
 * The server's summary with each quoted text (»…«) cut short as a value is: a delmål or an
 * activity is the person's own words, at times a whole paragraph. The record keeps it whole.
 */
function withQuotesShortened(summary: string): string {
  return summary.replace(/»([^»«]*)«/g, (_, quoted: string) => `»${shortened(quoted)}«`);
}

type EventRecord = PlanEvent['record'];
/** An event as a sentence reads it: its record only tells a first decision on what follows, and a delmål. */
type Told<K extends keyof PlanEvent> = Pick<PlanEvent, K> & { record?: EventRecord };

/**
 * The first decision on what follows the forløb (STAR’s vejledning om ressourceforløb 2020,
 * afsnit 6.5), decided or only proposed: told as a change of its programme (PROGRAMME_UPDATED),
 * with the decision as its record, so the kind does not say it is new; its first version does.
 */
function firstNextStep(record: EventRecord | undefined): Extract<NonNullable<EventRecord>, { __typename: 'NextStepDecision' }> | null {
  return record?.__typename === 'NextStepDecision' && record.version === 1 ? record : null;
}

/** The verb for what happened to the record named by the title. */
function verbOf(event: Told<'kind'>): string {
  const { kind } = event;
  const decision = firstNextStep(event.record);
  if (decision) return decision.decisionStatus === 'PROPOSED' ? 'foreslog' : 'traf beslutning om';
  if (kind.endsWith('_CREATED')) return 'oprettede';
  if (kind.endsWith('_RECORDED') || kind.endsWith('_LOGGED')) return 'registrerede';
  if (kind.endsWith('_ENDED')) return 'afsluttede';
  return 'ændrede';
}

/**
 * The record as a sentence names it, cut short: a delmål is the citizen's goal in words, at times
 * a whole paragraph, so it is named as one and quoted ("ændrede delmålet »Skrive CV«"), not
 * read as if said of the citizen.
 */
function namedTitle(title: string, record: EventRecord | undefined): string {
  return record?.__typename === 'SubGoal' ? `delmålet »${shortened(title)}«` : shortened(title);
}

/**
 * The whole sentence. Without a title (a mentor's cut view, or a change to the plan as a
 * whole such as its team), for the rules' own re-evaluation and for the kinds above, the
 * server's summary is the sentence: it is neutral where the receiver may see less. Its quoted
 * texts are cut short, as a long title is. A first decision on what follows has no changed
 * fields: it says what was decided.
 */
export function eventSentence(event: Told<'kind' | 'actor' | 'unit' | 'title' | 'changes' | 'summary'>): string {
  if (!event.title || SUMMARY_IS_SENTENCE.has(event.kind) || !isSomebodysChange(event)) return withQuotesShortened(event.summary);
  const head = `${changedBy(event)} ${verbOf(event)} ${namedTitle(event.title, event.record)}`;
  if (event.changes.length) return `${head}: ${event.changes.map((c) => changeText(c, true)).join('; ')}`;
  const decision = firstNextStep(event.record);
  return decision ? `${head}: ${decision.stepLabel}` : head;
}

/**
 * The flag on a plan in Mine sager: "Ændret af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32",
 * with the day, as an unseen change may be days old. Whatever the change made, the plan was changed.
 */
export function changedFlagText(event: Pick<PlanEvent, 'actor' | 'unit' | 'at'>, now: Date = new Date()): string {
  return `Ændret af ${changedBy(event)} · ${formatWhen(event.at, now)}`;
}

/** How the flag on a card says what was done to it: made anew is not changed. */
function flagVerbOf(event: Told<'kind'>): string {
  const decision = firstNextStep(event.record);
  if (decision) return decision.decisionStatus === 'PROPOSED' ? 'Foreslået' : 'Besluttet';
  if (event.kind.endsWith('_CREATED')) return 'Oprettet';
  if (event.kind.endsWith('_RECORDED') || event.kind.endsWith('_LOGGED')) return 'Registreret';
  return 'Ændret';
}

/**
 * The flag on a card on the plan: "Ændret af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32",
 * "Oprettet af …" on a new intervention, "Registreret af …" on a mentor's new entry, as the
 * sentence says it ("oprettede", "registrerede").
 */
export function cardFlagText(event: Told<'kind' | 'actor' | 'unit' | 'at'>, now: Date = new Date()): string {
  return `${flagVerbOf(event)} af ${changedBy(event)} · ${formatWhen(event.at, now)}`;
}

/** "3 nye ændringer", "1 ny ændring". */
export function newChangesText(count: number): string {
  return `${count} ${count === 1 ? 'ny ændring' : 'nye ændringer'}`;
}
