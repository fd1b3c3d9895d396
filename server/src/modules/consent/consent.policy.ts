import { grantRunsOn } from '@samplan/schema';
import type { Actor } from '../../core/auth/actor';
import { Role, UnitKind } from '../org/org.enums';
import { ConsentRecipientKind, ConsentScope } from './consent.enums';

/** What the client shows in place of withheld details. */
export const DETAILS_WITHHELD_REASON = 'Detaljer vises kun med borgerens samtykke eller hjemmel';

/** An active entry of the register, as the access decision needs it. */
export interface ActiveGrant {
  scope: ConsentScope;
  recipientKind: ConsentRecipientKind;
  recipientUnitId: string | null;
  /** For the mentor: the one mentor it names, or null for whoever holds the grant. */
  recipientMentorId: string | null;
}

/** The intervention whose details are asked for: which unit owns it, and of which kind. */
export interface DetailsOwner {
  unitId: string;
  /** Missing or not a kind known here: governed by the register, and shared by no entry of it. */
  unitKind: UnitKind | string | null | undefined;
}

/** Interventions of these unit kinds carry health and social information, shared only by consent or legal basis. */
const SCOPE_OF_KIND: Partial<Record<string, ConsentScope>> = {
  [UnitKind.HEALTH]: ConsentScope.HEALTH_DETAILS,
  [UnitKind.SOCIAL]: ConsentScope.SOCIAL_DETAILS,
};

/** The scope an entry must have to share this kind's details; undefined for a kind no entry shares. */
const scopeOf = (unitKind: string | null | undefined): ConsentScope | undefined => (unitKind ? SCOPE_OF_KIND[unitKind] : undefined);

/**
 * May this caller see the details of an intervention? The one policy of the consent module,
 * used wherever details are read (plan page, one intervention, history, live events, search,
 * print — all through the field guard and the event cut).
 *
 * - employment interventions are not governed by the register: their details are the plan's;
 * - the owning unit always sees its own;
 * - the citizen (role CITIZEN) sees their own plan in full;
 * - everyone else — the coordinator included, who is bound like any other unit (their own
 *   unit's interventions aside) — sees a health or social intervention's details only when
 *   an active consent or legal basis shares that kind's details with their unit or with the
 *   whole team. Sharing with the GP, a network person or the mentor governs nothing in
 *   Samplan's own screens (those recipients do not read them here), and consent to the joint
 *   plan alone shares no health or social details (GDPR article 9: specific consent).
 * Deny by default: no actor, no unit, or an unknown recipient kind is no access; an
 * intervention whose unit kind is missing or unknown is governed as health details are, and
 * no entry shares it (only its own unit and the citizen see it).
 */
export function detailsVisible(actor: Actor | null, owner: DetailsOwner, grants: readonly ActiveGrant[]): boolean {
  if (!governedByConsent(owner.unitKind)) return true;
  if (!actor) return false;
  if (actor.role === Role.CITIZEN) return true;
  if (actor.unitId && actor.unitId === owner.unitId) return true;
  if (!actor.unitId) return false;
  const scope = scopeOf(owner.unitKind);
  return !!scope && grants.some((g) => g.scope === scope && (g.recipientKind === ConsentRecipientKind.WHOLE_TEAM || (g.recipientKind === ConsentRecipientKind.UNIT && g.recipientUnitId === actor.unitId)));
}

/**
 * Whether an intervention's details depend on the register at all: every kind but employment's
 * (whose details are the plan's). A missing or unknown kind is governed: deny by default.
 */
export function governedByConsent(unitKind: string | null | undefined): boolean {
  return unitKind !== UnitKind.EMPLOYMENT;
}

/**
 * Does an entry for the mentor reach this mentor? An entry that names a mentor reaches that
 * person only (the citizen agreed to them, not to whoever comes next); one that names none
 * reaches whoever holds the grant. Without a mentor (the coordinator sharing an item, for the
 * citizen's mentor support as a whole) any entry for the mentor counts.
 */
const reachesMentor = (named: string | null, mentorId: string | undefined) => mentorId === undefined || named === null || named === mentorId;

/**
 * May an activity of a unit of this kind be shared with the citizen's mentor — or, given
 * `mentorId`, reach that mentor? The mentor reads a shared activity's title, so one of a
 * health or social intervention passes that kind's details on to them: only when an active
 * entry shares them with the mentor (consent or legal basis), and, when it names a mentor,
 * with that one. Employment activities are the plan's to share; one of an unknown kind is
 * shared by no entry.
 */
export function mayShareWithMentor(unitKind: string, grants: readonly ActiveGrant[], mentorId?: string): boolean {
  if (!governedByConsent(unitKind)) return true;
  const scope = scopeOf(unitKind);
  return !!scope && grants.some((g) => g.scope === scope && g.recipientKind === ConsentRecipientKind.MENTOR && reachesMentor(g.recipientMentorId, mentorId));
}

/** Why an activity of a health or social intervention cannot be shared with the mentor: the register holds no entry that lets it. */
export const MENTOR_SHARE_NEEDS_CONSENT =
  'Aktiviteten hører til en indsats med helbreds- eller sociale oplysninger. Den kan kun deles med mentoren, når borgerens samtykke eller hjemmel til at dele dem med mentoren er registreret under Samtykke.';

/** Why such an activity reaches no mentor who supports the citizen now: the entries that would share it name another mentor. */
export const MENTOR_SHARE_OTHER_MENTOR =
  'Aktiviteten hører til en indsats med helbreds- eller sociale oplysninger, og borgerens samtykke eller hjemmel til at dele dem gælder en anden mentor end den, der har mentorstøtten nu. Registrér det for den nuværende mentor under Samtykke.';

/**
 * Why sharing an activity with the citizen's mentor would be refused now (Danish), or null
 * when it may be shared: mayShareWithMentor for the kind of unit that owns its intervention.
 * `mentorIds` are the mentors whose grant runs today: the activity must reach one of them (an
 * entry naming another mentor shares it with nobody who reads it); with none running, any
 * entry for the mentor will do (the sharing waits for whoever is granted next). An activity of
 * no intervention (`unitKind` null) is the plan's own to share. The one answer for the sharing
 * itself, for the box that offers it and for the plan's word on an item already shared.
 */
export function mentorShareRefusal(unitKind: string | null | undefined, grants: readonly ActiveGrant[], mentorIds: readonly string[] = []): string | null {
  if (!unitKind || mayShareWithMentorOf(unitKind, grants, mentorIds)) return null;
  return mentorIds.length && mayShareWithMentor(unitKind, grants) ? MENTOR_SHARE_OTHER_MENTOR : MENTOR_SHARE_NEEDS_CONSENT;
}

/** The mentors whose grant runs on `day` (from its first to its last day): those a shared activity must reach, for mentorShareRefusal. */
export function mentorsGrantedOn(grants: ReadonlyArray<{ mentorId: string; startDate: string; endDate: string }>, day: string): string[] {
  return grants.filter((g) => grantRunsOn(g, day)).map((g) => g.mentorId);
}

const mayShareWithMentorOf = (unitKind: string, grants: readonly ActiveGrant[], mentorIds: readonly string[]) =>
  mentorIds.length ? mentorIds.some((id) => mayShareWithMentor(unitKind, grants, id)) : mayShareWithMentor(unitKind, grants);

/**
 * SQL: true when the activity row `a` may reach the mentor it is shared with — the same rule
 * as mayShareWithMentor, read fresh where the mentor reads (their cases, their live events),
 * so a withdrawal of the mentor's entry hides an activity shared under it at once. `mentorId`
 * is an SQL expression for the mentor who reads (an entry naming another mentor does not
 * count); without it, any entry for the mentor does (the plan's superset, narrowed per mentor
 * by mentorConsentHeld). The CASE restates SCOPE_OF_KIND above, and as governedByConsent
 * every kind but employment's is governed (an unknown one has no scope, so no entry matches).
 */
export function mentorMaySeeActivitySql(a: string, mentorId?: string): string {
  const named = mentorId ? `AND (c.recipient_mentor_id IS NULL OR c.recipient_mentor_id = ${mentorId})` : '';
  return `NOT EXISTS (
    SELECT 1 FROM intervention i JOIN plan p ON p.id = i.plan_id
     WHERE i.id = ${a}.intervention_id AND i.unit_kind <> 'EMPLOYMENT'
       AND NOT EXISTS (SELECT 1 FROM consent_entry c
                        WHERE c.citizen_id = p.citizen_id AND c.municipality_id = p.municipality_id AND c.withdrawn_at IS NULL
                          AND c.recipient_kind = 'MENTOR' AND c.scope = ${consentScopeSql('i.unit_kind')} ${named}))`;
}

/** SQL: the scope whose entry an activity of an intervention of this unit kind needs to reach the mentor; NULL for none. Restates SCOPE_OF_KIND. */
export function consentScopeSql(unitKind: string): string {
  return `CASE ${unitKind} WHEN 'HEALTH' THEN 'HEALTH_DETAILS' WHEN 'SOCIAL' THEN 'SOCIAL_DETAILS' END`;
}

/** When the register shared a scope with the mentor: from its recording until its withdrawal (null: still), epoch ms. */
export interface MentorConsentPeriod {
  scope: string;
  /** The one mentor the entry names; null: whoever holds the grant. */
  mentorId: string | null;
  from: number;
  until: number | null;
}

/**
 * Did the register share this scope with this mentor at this moment (an entry naming another
 * mentor does not count)? The mentor's replay and
 * history judge a health or social activity's event by the consent as it stood when the
 * event happened, as well as now: a consent given today does not reach back to what changed
 * while the citizen had given none, or had withdrawn it (GDPR article 7(3): a withdrawal
 * does not undo what was lawful before it, and a consent does not cover what came before it).
 */
export function mentorConsentHeld(periods: readonly MentorConsentPeriod[], scope: string, at: number, mentorId: string): boolean {
  return periods.some((p) => p.scope === scope && reachesMentor(p.mentorId, mentorId) && p.from <= at && (p.until === null || at < p.until));
}
