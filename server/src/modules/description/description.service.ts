import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { charCount, EMPTY_SECTION_NOT_OWN_WORDS } from '@samplan/schema';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput, conflict, forbidden, notFound, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { UnitKind } from '../org/org.enums';
import { actorLabel, camelRow, guardPlan, ProgrammeType, READ, standing, writeInPlan, type PlanAccess, type Programme } from '../plan';
import { LawVersion } from '../rules/law/law-types';
import { AuthorKind, DescriptionKind, DescriptionSection, DESCRIPTION_TITLES } from './description.entity';
import type { UpdateDescriptionSectionInput } from './description.inputs';

const ENTITY_TYPE = 'DESCRIPTION_SECTION';
const HEALTH_ADVICE = DescriptionKind.HEALTH_COORDINATOR_ADVICE;
const SOURCE_HEALTH_ADVICE = 'LAB §113, stk. 3 (lov nr. 1160/2021); lov nr. 1750/2025';
const CITIZENS_TEXT = 'Afsnittet er skrevet af borgeren selv. Kun borgeren kan ændre sine egne ord.';
/** The sections a citizen writes themselves, in their own plan. */
export const CITIZEN_KINDS: readonly DescriptionKind[] = [DescriptionKind.CITIZEN_WISHES, DescriptionKind.HELP_WANTED];

/** A section's id: the same for a plan and kind before and after it is first written (migration 26). */
export function sectionId(planId: string, kind: DescriptionKind): string {
  const hex = createHash('md5').update(`${planId}:${kind}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The ids of every section a plan may have, written or not: a form can be open on one never written. */
export function sectionIdsOf(planId: string): string[] {
  return Object.values(DescriptionKind).map((kind) => sectionId(planId, kind));
}

/**
 * Whether the programme has a sundhedskoordinator's advice:
 * - a ressourceforløb granted under lov nr. 1160/2021: the citizen has the right to a joint
 *   samtale with the region's sundhedskoordinator and the coordinator (LAB §113, stk. 3); such
 *   a forløb still runs under those rules after 1 February 2026;
 * - every forløb decided from 1 February 2026 (lov nr. 1750/2025): the rehabiliteringsteam is
 *   replaced by one overall description of the citizen's situation (the samlet beskrivelse)
 *   with health advice from the sundhedskoordinator.
 */
export function hasHealthAdvice(programme: Pick<Programme, 'type' | 'lawVersion'>): boolean {
  return programme.lawVersion === LawVersion.REFORM_2026 || (programme.type === ProgrammeType.RESSOURCEFORLOEB && programme.lawVersion === LawVersion.RULES_2022);
}

/**
 * The sundhedskoordinator's advice is health information: the coordinator and the health
 * unit's caseworkers on the team read and write it; other units on the team do not see it.
 */
export function maySeeHealthAdvice(actor: Actor, access: PlanAccess | null): boolean {
  const s = standing(actor, access);
  return s === 'COORDINATOR' || (s === 'TEAM' && actor.unitKind === UnitKind.HEALTH);
}

/** An unwritten section as the plan shows it: empty, version 0. */
function emptySection(access: Pick<PlanAccess, 'planId' | 'municipalityId'>, kind: DescriptionKind): DescriptionSection {
  return Object.assign(new DescriptionSection(), {
    id: sectionId(access.planId, kind), municipalityId: access.municipalityId, planId: access.planId, kind,
    text: '', inCitizensOwnWords: false, authorKind: AuthorKind.STAFF, version: 0, updatedAt: null, updatedById: null,
  });
}

/** The kinds a caller sees on this plan, in the order the plan shows them. */
async function visibleKinds(ctx: RequestContext, access: PlanAccess): Promise<DescriptionKind[]> {
  const programme = await ctx.loaders.programme.load(access.programmeId);
  const withAdvice = !!programme && hasHealthAdvice(programme) && maySeeHealthAdvice(actorOf(ctx), access);
  return Object.values(DescriptionKind).filter((k) => k !== HEALTH_ADVICE || withAdvice);
}

/**
 * Every section the caller may see, the unwritten ones included so the plan can offer them.
 * Reached only through Plan, which has passed the plan gate; a caller without standing in
 * the plan (a mentor) gets none.
 */
export async function descriptionSections(ctx: RequestContext, planId: string): Promise<DescriptionSection[]> {
  const access = await ctx.loaders.planAccess.load(planId);
  if (!access || standing(actorOf(ctx), access) === null) return [];
  const [kinds, written] = await Promise.all([visibleKinds(ctx, access), ctx.loaders.descriptionSectionsByPlan.load(planId)]);
  return kinds.map((kind) => written.find((s) => s.kind === kind) ?? emptySection(access, kind));
}

/** The section as an event names it. The health advice's event carries no text: every team member receives the plan's events. */
function recordOf(section: DescriptionSection): Record<string, unknown> & { __typename: string } {
  const { municipalityId: _, ...fields } = section;
  if (section.kind !== HEALTH_ADVICE) return { __typename: 'DescriptionSection', ...fields };
  return { __typename: 'HealthAdviceNotice', id: section.id, planId: section.planId, kind: section.kind, version: section.version };
}

/**
 * "Anna Holm (Jobcenter) opdaterede »Ressourcer« i den samlede beskrivelse": the plan's changes
 * show it as the whole sentence (the event's title is only the section's heading), so it names
 * the person as the client's own sentences do, and quotes the heading as Samplan does (» «).
 */
function summaryOf(person: string, section: DescriptionSection): string {
  if (section.kind === HEALTH_ADVICE) return `${person} opdaterede sundhedskoordinatorens anbefaling`;
  const ownWords = section.inCitizensOwnWords ? ' med borgerens egne ord' : '';
  return `${person} opdaterede »${DESCRIPTION_TITLES[section.kind]}« i den samlede beskrivelse${ownWords}`;
}

/** The citizen wrote the section after the caller's check: found under its row lock, refused once the write is rolled back. */
class CitizenWroteMeanwhile extends Error {}

/**
 * Writes a section on the version the caller read: 0 creates it (CONFLICT when someone wrote
 * it first), otherwise a versioned update (CONFLICT with the current section). Every version
 * is kept in plan_description_section_version; the event carries the changed fields.
 */
async function writeSection(
  ctx: RequestContext, m: EntityManager, access: PlanAccess,
  input: Pick<UpdateDescriptionSectionInput, 'kind' | 'inCitizensOwnWords' | 'expectedVersion'>, text: string, author: AuthorKind,
): Promise<{ before: DescriptionSection; after: DescriptionSection }> {
  const actor = actorOf(ctx);
  const id = sectionId(access.planId, input.kind);
  const now = ctx.deps.clock.now();
  const current = () => m.findOneBy(DescriptionSection, { id });
  let before: DescriptionSection;
  let after: DescriptionSection;
  if (input.expectedVersion === 0) {
    const rows: Array<Record<string, unknown>> = await m.query(
      `INSERT INTO plan_description_section (id, municipality_id, plan_id, kind, text, in_citizens_own_words, author_kind, version, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [id, access.municipalityId, access.planId, input.kind, text, input.inCitizensOwnWords, author, now, actor.userId],
    );
    if (rows.length === 0) throw conflict('Afsnittet er skrevet af en anden, siden du hentede det. Se den nye version.', await current());
    before = emptySection(access, input.kind);
    after = camelRow<DescriptionSection>(rows[0]);
  } else {
    if (author === AuthorKind.STAFF) {
      // The citizen's own text is theirs: staff read it and answer it, but do not rewrite it. Written
      // since the caller read it, it is a CONFLICT first (below): they are shown the citizen's text.
      const [row]: Array<{ author_kind: AuthorKind; version: number }> = await m.query(`SELECT author_kind, version FROM plan_description_section WHERE id = $1 FOR UPDATE`, [id]);
      if (row?.author_kind === AuthorKind.CITIZEN && row.version === input.expectedVersion) throw new CitizenWroteMeanwhile();
    }
    const change = await updateVersionedChange(m, 'plan_description_section', id, input.expectedVersion,
      { text, in_citizens_own_words: input.inCitizensOwnWords, author_kind: author, updated_at: now, updated_by: actor.userId }, current);
    before = camelRow<DescriptionSection>(change.before);
    after = camelRow<DescriptionSection>(change.after);
  }
  await m.query(
    `INSERT INTO plan_description_section_version (section_id, version, municipality_id, text, in_citizens_own_words, author_kind, written_at, written_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, after.version, access.municipalityId, after.text, after.inCitizensOwnWords, after.authorKind, after.updatedAt, actor.userId],
  );
  return { before, after };
}

/**
 * The coordinator and the caseworkers of the units on the team write the description (it
 * is the plan's, not one unit's); the sundhedskoordinator's advice only the coordinator and
 * the health unit's caseworkers, and only on a programme that has it. Anyone else: NOT_FOUND.
 */
export async function updateDescriptionSection(ctx: RequestContext, input: UpdateDescriptionSectionInput): Promise<DescriptionSection> {
  const what = { action: 'UPDATE_DESCRIPTION_SECTION', entityType: ENTITY_TYPE, label: 'Afsnittet', writes: true };
  const access = await guardPlan(ctx, input.planId, READ, what);
  const actor = actorOf(ctx);
  if (input.kind === HEALTH_ADVICE) {
    if (!maySeeHealthAdvice(actor, access)) {
      await recordAudit(ctx.db, { actor, ...what, entityId: sectionId(access.planId, input.kind), citizenId: access.citizenId, outcome: 'DENIED', detail: 'health advice: coordinator or health unit only' });
      throw notFound('Afsnittet');
    }
    const programme = await ctx.loaders.programme.load(access.programmeId);
    if (!programme || !hasHealthAdvice(programme)) {
      throw ruleViolation('NO_HEALTH_COORDINATOR_ADVICE', 'Sundhedskoordinatorens anbefaling hører til et ressourceforløb efter reglerne fra 2022 og til forløb besluttet fra 1. februar 2026.', SOURCE_HEALTH_ADVICE);
    }
    if (input.inCitizensOwnWords) throw badInput('inCitizensOwnWords', 'Sundhedskoordinatorens anbefaling er ikke skrevet med borgerens egne ord.');
  }
  const refuseCitizensWords = async (): Promise<never> => {
    await recordAudit(ctx.db, { actor, ...what, entityId: sectionId(access.planId, input.kind), citizenId: access.citizenId, outcome: 'DENIED', detail: "the citizen's own words" });
    throw forbidden(CITIZENS_TEXT);
  };
  if (CITIZEN_KINDS.includes(input.kind)) {
    const written = await ctx.loaders.descriptionSectionsByPlan.load(access.planId);
    if (written.some((s) => s.kind === input.kind && s.authorKind === AuthorKind.CITIZEN)) return refuseCitizensWords();
  }
  const text = input.text.trim();
  if (!text && input.inCitizensOwnWords) throw badInput('text', EMPTY_SECTION_NOT_OWN_WORDS);
  const person = await actorLabel(ctx);
  const saved = writeInPlan(ctx, access, { action: what.action, entityType: ENTITY_TYPE }, async (m) => {
    const { before, after } = await writeSection(ctx, m, access, input, text, AuthorKind.STAFF);
    const health = after.kind === HEALTH_ADVICE;
    return {
      result: after,
      entityId: after.id,
      event: {
        kind: EventKind.DESCRIPTION_UPDATED,
        summary: summaryOf(person, after),
        entity: recordOf(after),
        // The health advice's text stays out of the event log too; its versions are in the version table.
        ...(health ? { changes: [] } : { before: recordOf(before) }),
        versions: { expected: input.expectedVersion, base: input.baseVersion },
      },
    };
  });
  try {
    return await saved;
  } catch (error) {
    if (!(error instanceof CitizenWroteMeanwhile)) throw error;
    // Refused as the check above refuses it, its row written after the write's savepoint is rolled back.
    return refuseCitizensWords();
  }
}

/** A citizen's text: at most this long, and not empty. */
export const CITIZEN_TEXT_MAX = 4_000;

/** The citizen's own sections of their plan (Mine ønsker og mål, Det vil jeg gerne have hjælp til), the unwritten ones empty. */
export async function citizenSections(ctx: RequestContext, access: PlanAccess): Promise<DescriptionSection[]> {
  const written = await ctx.loaders.descriptionSectionsByPlan.load(access.planId);
  return CITIZEN_KINDS.map((kind) => written.find((s) => s.kind === kind) ?? emptySection(access, kind));
}

/**
 * The citizen writes one of their own sections, in their own plan (the caller has checked
 * that it is theirs): versioned as staff edits are (CONFLICT on a stale version), author
 * CITIZEN, in the citizen's own words; the change, its audit row and its event in one
 * transaction. The event reads "Per Hansen skrev i Mine ønsker og mål".
 *
 * An empty text takes back what the citizen wrote: the section stays theirs, empty and without
 * the mark of their own words (an empty section with it is refused, as for staff), and the words
 * taken back stay in the section's versions and in the event's before ("Per Hansen fjernede sin
 * tekst i Mine ønsker og mål"). Only their own text can be taken back: a section never written,
 * one staff wrote, or one already empty is refused at the text ("Skriv en tekst."). The version
 * the removal is made on is the one whose author was checked, so a change meanwhile is a CONFLICT.
 */
export async function writeCitizenSection(
  ctx: RequestContext, access: PlanAccess,
  input: { kind: DescriptionKind; text: string; expectedVersion: number; baseVersion?: number | null },
): Promise<DescriptionSection> {
  if (!CITIZEN_KINDS.includes(input.kind)) throw badInput('kind', 'Du kan skrive i "Mine ønsker og mål" og "Det vil jeg gerne have hjælp til".');
  const text = input.text.trim();
  if (!text) {
    const written = (await ctx.loaders.descriptionSectionsByPlan.load(access.planId)).find((s) => s.kind === input.kind);
    // Read on a version since replaced: the citizen is shown the section as it is now.
    if (written && input.expectedVersion !== 0 && written.version !== input.expectedVersion) throw conflict('Afsnittet er ændret, siden du hentede det. Se den nye version.', written);
    if (written?.authorKind !== AuthorKind.CITIZEN || !written.text.trim()) throw badInput('text', 'Skriv en tekst.');
  }
  if (charCount(text) > CITIZEN_TEXT_MAX) throw badInput('text', `Teksten må højst være ${CITIZEN_TEXT_MAX.toLocaleString('da-DK')} tegn.`);
  const name = actorOf(ctx).name;
  return writeInPlan(ctx, access, { action: 'WRITE_OWN_DESCRIPTION_SECTION', entityType: ENTITY_TYPE }, async (m) => {
    const { before, after } = await writeSection(ctx, m, access, { ...input, inCitizensOwnWords: text !== '' }, text, AuthorKind.CITIZEN);
    return {
      result: after,
      entityId: after.id,
      event: {
        kind: EventKind.DESCRIPTION_UPDATED,
        summary: text ? `${name} skrev i ${DESCRIPTION_TITLES[after.kind]}` : `${name} fjernede sin tekst i ${DESCRIPTION_TITLES[after.kind]}`,
        entity: recordOf(after),
        before: recordOf(before),
        versions: { expected: input.expectedVersion, base: input.baseVersion },
      },
    };
  });
}
