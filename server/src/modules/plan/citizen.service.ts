import { charCount, formatCpr, genitive, looksLikeCpr, maskCpr, minutesInDanish, parseCpr, localDate } from '@samplan/schema';
import { recordAudit, recordReads } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { AppError, badInput } from '../../core/errors/app-errors';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { EventKind } from '../../core/events/event-kinds';
import { normalPhone } from '../../core/validation';
import type { Queryable } from '../../core/db/queryable';
import { Citizen } from './citizen.entity';
import type { RegisterCitizenInput, UpdateCitizenContactInput } from './citizen.inputs';
import { guardPlan, READ } from './plan-guard';
import { actorLabel, camelRow, writeInPlan } from './plan-write';
import { standing } from './plan.policy';
import { DANISH_ORDER } from '../../core/db/danish-order';
import { nameHasEveryWord } from '../../core/db/like';

/** One hit of the citizen search. */
export interface CitizenHit {
  id: string;
  name: string;
  cpr: string | null;
  birthDate: string;
  hasActiveProgramme: boolean;
}

/** Most hits one search returns. */
export const SEARCH_LIMIT = 50;
/** Fewest characters of a name worth searching for: one letter would list half the municipality. */
export const NAME_MIN = 2;
/**
 * Most characters of a search, as Mine sager's: longer than any name. Every character of a
 * name search is a trigram for the index to look up, so a page of text would cost the
 * database that many lookups on every request.
 */
export const SEARCH_MAX = 100;

/**
 * CPR lookups that find nobody, per user in the last hour, before further lookups are refused.
 * A lookup of a whole number answers with the citizen, and the name search gives anyone the
 * birth date (DDMMYY-****): the four digits left could be guessed a lookup at a time, which
 * would show the whole number to staff off the citizen's plan (CPR-loven §3; databeskyttelsesloven
 * §11: the number is used only where needed). Registering a citizen is such a lookup too (a
 * number already there is refused with DUPLICATE_CITIZEN): one that registers a new citizen
 * found nobody, and counts. Registering citizens not yet in Samplan misses a few times an
 * hour; guessing misses thousands of times.
 */
export const CPR_MISSES_PER_HOUR = 20;

/** What a refused lookup says, by where it was made. */
const GUESSING_MESSAGE = {
  SEARCH_CITIZEN_CPR: (minutes: number) => `For mange CPR-opslag uden resultat den seneste time. Søg på navnet, eller prøv igen om ${minutesInDanish(minutes)}.`,
  REGISTER_CITIZEN: (minutes: number) => `For mange CPR-opslag og nye borgere den seneste time. Prøv igen om ${minutesInDanish(minutes)}.`,
  CORRECT_CITIZEN_CPR: (minutes: number) => `For mange CPR-opslag og rettede CPR-numre den seneste time. Prøv igen om ${minutesInDanish(minutes)}.`,
} as const;

/**
 * Refuses the caller's CPR lookup (a search by number, a registration, or a correction of a
 * citizen's number: citizen-sign-in.ts) when they have had CPR_MISSES_PER_HOUR lookups that
 * found nobody within the hour: searches that found nobody, and registrations and corrections
 * that wrote the number (one already held is refused, naming that citizen). The misses are the
 * audit log's own rows (every lookup writes one), so the count holds across instances and restarts. A refusal is a denial
 * in the log, towards the leaders' review of repeated refusals, and says nothing of whether
 * the number exists.
 */
export async function refuseGuessing(ctx: RequestContext, action: keyof typeof GUESSING_MESSAGE): Promise<void> {
  const actor = actorOf(ctx);
  // One user's lookups are counted one after the other: the lock is held until the request's
  // transaction, with this lookup's own row, commits. Without it a burst of lookups sent at
  // once all read the count before any of them had written its row, and all passed.
  await ctx.db.query(`SELECT pg_advisory_xact_lock(hashtext('cpr-lookups'), hashtext($1))`, [actor.userId]);
  const [{ misses, retry }]: Array<{ misses: number; retry: number }> = await ctx.db.query(
    `SELECT count(*)::int AS misses, COALESCE(ceil(extract(epoch FROM min(at) + interval '1 hour' - now())), 0)::int AS retry
       FROM audit_log
      WHERE actor_id = $1 AND at > now() - interval '1 hour' AND outcome = 'ALLOWED'
        AND ((action = 'SEARCH_CITIZEN_CPR' AND citizen_id IS NULL) OR action IN ('REGISTER_CITIZEN', 'CORRECT_CITIZEN_CPR'))`,
    [actor.userId],
  );
  if (misses < CPR_MISSES_PER_HOUR) return;
  await recordAudit(ctx.db, { actor, action, entityType: 'CITIZEN', outcome: 'DENIED', channel: 'SEARCH', detail: 'too many CPR lookups without a hit' });
  const retryAfterSeconds = Math.max(1, retry);
  throw new AppError('RATE_LIMITED', GUESSING_MESSAGE[action](Math.ceil(retryAfterSeconds / 60)), {
    limit: 'cprLookups',
    retryAfterSeconds,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });
}

/**
 * Who sees a citizen's whole CPR number: the coordinator and the staff of the units on the
 * team of one of the citizen's plans (plan standing, plan.policy.ts) — the people working
 * the case. Registering precedes any programme, so until the citizen has a plan the
 * caseworker who registered them sees it too (they typed it); once there is a plan, the
 * plan decides. Everybody else in the municipality sees the birth date part only.
 */
export async function maySeeCpr(ctx: RequestContext, citizen: Pick<Citizen, 'id' | 'registeredById'>): Promise<boolean> {
  const actor = actorOf(ctx);
  const planIds = await ctx.loaders.planIdsByCitizen.load(citizen.id);
  if (planIds.length === 0) return citizen.registeredById === actor.userId;
  const accesses = await ctx.loaders.planAccess.loadMany(planIds);
  return accesses.some((a) => !(a instanceof Error) && standing(actor, a) !== null);
}

/** The CPR number as the caller may see it: whole to those working the case, else 'DDMMYY-****'. */
export async function cprFor(ctx: RequestContext, citizen: Pick<Citizen, 'id' | 'cpr' | 'registeredById'>): Promise<string | null> {
  if (!citizen.cpr) return null;
  return (await maySeeCpr(ctx, citizen)) ? formatCpr(citizen.cpr) : maskCpr(citizen.cpr);
}

/**
 * A new citizen row, identified by the CPR number (one citizen per number per municipality),
 * or null when the number is registered already. ON CONFLICT waits for a concurrent
 * registration of the same number, then yields no row. Registering by hand and the import at
 * go-live both write a citizen through here.
 */
export async function insertCitizen(
  q: Queryable,
  municipalityId: string,
  c: { digits: string; name: string; birthDate: string; phone?: string | null; address?: string | null },
  registeredBy: string | null,
): Promise<string | null> {
  const rows: Array<{ id: string }> = await q.query(
    `INSERT INTO citizen (municipality_id, cpr, name, birth_date, phone, address, registered_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (municipality_id, cpr) WHERE cpr IS NOT NULL DO NOTHING RETURNING id`,
    [municipalityId, c.digits, c.name.trim(), c.birthDate, normalPhone(c.phone), c.address?.trim() || null, registeredBy],
  );
  return rows[0]?.id ?? null;
}

/**
 * Registers a citizen in the caller's municipality (CPR-loven §3: the CPR number identifies
 * the person). The birth date is read from the number. One CPR number is one citizen per
 * municipality: a second registration is refused with DUPLICATE_CITIZEN, naming the
 * existing citizen only to someone who may see their CPR number (maySeeCpr). The refusal
 * tells the caller the number is registered, so it is audited as a lookup of that citizen,
 * and a registration is held to the CPR lookups' budget (refuseGuessing): else registering
 * one guessed number after another would be a lookup without the search's limit.
 */
export async function registerCitizen(ctx: RequestContext, input: RegisterCitizenInput): Promise<Citizen> {
  const actor = actorOf(ctx);
  const parsed = parseCpr(input.cpr, localDate(ctx.deps.clock.now()));
  if (!parsed.ok) throw badInput('cpr', parsed.problem);
  const name = input.name.trim();
  if (!name) throw badInput('name', 'Skriv borgerens navn.');
  const { digits, birthDate } = parsed.cpr;
  await refuseGuessing(ctx, 'REGISTER_CITIZEN');
  const created = await ctx.db.transaction(async (m) => {
    const id = await insertCitizen(m, actor.municipalityId, { digits, name, birthDate, phone: input.phone, address: input.address }, actor.userId);
    if (id) await recordAudit(m, { actor, action: 'REGISTER_CITIZEN', entityType: 'CITIZEN', entityId: id, citizenId: id, outcome: 'ALLOWED' });
    return id;
  });
  if (created) return (await ctx.db.findOneBy(Citizen, { id: created }))!;

  const [existing]: Array<{ id: string; registered_by: string | null }> = await ctx.db.query(
    `SELECT id, registered_by FROM citizen WHERE municipality_id = $1 AND cpr = $2`,
    [actor.municipalityId, digits],
  );
  await recordAudit(ctx.db, {
    actor, action: 'REGISTER_CITIZEN', entityType: 'CITIZEN', entityId: existing.id, citizenId: existing.id, outcome: 'DENIED', channel: 'SEARCH', detail: 'CPR number registered already',
  });
  const visible = await maySeeCpr(ctx, { id: existing.id, registeredById: existing.registered_by });
  throw new AppError('DUPLICATE_CITIZEN', 'Der findes allerede en borger med dette CPR-nummer i kommunen.', { field: 'cpr', ...(visible ? { citizenId: existing.id } : {}) });
}

/**
 * The citizen search of staff, within their own municipality (another municipality's
 * citizens are never found: the query names the caller's, and row-level security holds
 * the rest back). A search written as a CPR number finds that one citizen, shown with the
 * whole number (the caller typed it); anything else searches names, case-insensitive: each
 * word typed must occur in the name, in any order ("Hansen Per" finds Per Ole Hansen).
 * Every lookup is in the citizen's access log (databeskyttelsesloven; GDPR art. 30 og 32):
 * a CPR search writes one row per search, naming the citizen found;
 * a name search writes one read per citizen it returns, channel SEARCH.
 */
export async function searchCitizens(ctx: RequestContext, search: string, first: number): Promise<CitizenHit[]> {
  const actor = actorOf(ctx);
  const text = search.trim();
  if (charCount(text) > SEARCH_MAX) throw badInput('search', `Søgningen må højst være ${SEARCH_MAX} tegn.`);
  if (first < 1 || first > SEARCH_LIMIT) throw badInput('first', `Vælg mellem 1 og ${SEARCH_LIMIT} resultater.`);
  const select = `SELECT c.id, c.name, c.cpr, c.birth_date AS "birthDate", c.registered_by AS "registeredById",
                         EXISTS (SELECT 1 FROM programme p WHERE p.citizen_id = c.id AND p.status = 'ACTIVE') AS "hasActiveProgramme"
                    FROM citizen c`;
  if (looksLikeCpr(text)) {
    const parsed = parseCpr(text);
    if (!parsed.ok) throw badInput('search', parsed.problem);
    await refuseGuessing(ctx, 'SEARCH_CITIZEN_CPR');
    const rows: Array<CitizenHit & { registeredById: string | null }> = await ctx.db.query(`${select} WHERE c.municipality_id = $1 AND c.cpr = $2`, [actor.municipalityId, parsed.cpr.digits]);
    const found = rows[0];
    await recordAudit(ctx.db, {
      actor, action: 'SEARCH_CITIZEN_CPR', entityType: 'CITIZEN', entityId: found?.id ?? null, citizenId: found?.id ?? null, outcome: 'ALLOWED', channel: 'SEARCH',
      detail: found ? undefined : 'Ingen borger med dette CPR-nummer',
    });
    return rows.map(({ registeredById: _, ...hit }) => ({ ...hit, cpr: formatCpr(hit.cpr!) }));
  }
  if (charCount(text) < NAME_MIN) throw badInput('search', `Skriv mindst ${NAME_MIN} tegn af navnet, eller et CPR-nummer.`);
  const params: unknown[] = [actor.municipalityId, first];
  const words = nameHasEveryWord('c.name', text, (v) => `$${params.push(v)}`);
  const rows: Array<CitizenHit & { registeredById: string | null }> = await ctx.db.query(
    `${select} WHERE c.municipality_id = $1 AND ${words} ORDER BY c.name ${DANISH_ORDER}, c.birth_date, c.id LIMIT $2`,
    params,
  );
  await recordReads(ctx.db, rows.map((r) => ({ actor, citizenId: r.id, channel: 'SEARCH' as const, action: 'SEARCH_CITIZEN_NAME', entityType: 'CITIZEN', entityId: r.id })));
  return Promise.all(rows.map(async ({ registeredById, ...hit }) => ({ ...hit, cpr: await cprFor(ctx, { ...hit, registeredById }) })));
}

/** A citizen as a plan event carries it: the contact details, never the CPR number. */
export const citizenRecord = (c: Citizen) => ({ __typename: 'Citizen', id: c.id, name: c.name, birthDate: c.birthDate, phone: c.phone, address: c.address, version: c.version });

/**
 * The citizen's phone and address, kept up to date by the staff on their running plan (the
 * coordinator and the units on the team): the citizen moves or gets a new number, and the
 * caseworker who calls them, the mentor who visits and the printed plan follow. Versioned
 * like every shared record; the change is in the access log and pushed to the plan live.
 */
export async function updateCitizenContact(ctx: RequestContext, input: UpdateCitizenContactInput): Promise<Citizen> {
  const what = { action: 'UPDATE_CITIZEN_CONTACT', entityType: 'CITIZEN' };
  const access = await guardPlan(ctx, input.planId, READ, { ...what, writes: true });
  const sets: Record<string, unknown> = {};
  if (input.phone != null) sets.phone = normalPhone(input.phone);
  if (input.address != null) sets.address = input.address.trim() || null;
  if (Object.keys(sets).length === 0) throw badInput('phone', 'Intet at ændre.');
  sets.updated_at = ctx.deps.clock.now();
  sets.updated_by = actorOf(ctx).userId;
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, what, async (m) => {
    const row = await updateVersionedChange(m, 'citizen', access.citizenId, input.expectedVersion, sets, async () => {
      const now = await m.findOneBy(Citizen, { id: access.citizenId });
      return now ? citizenRecord(now) : null;
    });
    const [before, after] = [camelRow<Citizen>(row.before), camelRow<Citizen>(row.after)];
    return {
      result: after,
      entityId: after.id,
      event: {
        kind: EventKind.CITIZEN_CONTACT_UPDATED,
        summary: `${label} rettede ${genitive(after.name)} kontaktoplysninger`,
        entity: citizenRecord(after),
        before: citizenRecord(before),
        versions: { expected: input.expectedVersion, base: input.baseVersion },
      },
    };
  });
}
