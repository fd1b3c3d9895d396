import { DANISH_TIME_ZONE } from '@samplan/schema';
import { IsOptional, IsUUID } from 'class-validator';
import type { GraphQLSchema } from 'graphql';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { systemReads, type RequestContext } from '../../core/context';
import { DANISH_ORDER } from '../../core/db/danish-order';
import { badInput } from '../../core/errors/app-errors';
import { IsIsoDay } from '../../core/validation';
import { AccessLogEntry, ENTRY_COLUMNS, ENTRY_JOINS, guardAccessLogRead, toEntries } from './access-log';
import { WRONGLY_BOUND_NAME } from './citizen-sign-in';

export const ACCESS_LOG_DEFAULT_PAGE = 100;
export const ACCESS_LOG_MAX_PAGE = 1000;

@InputType({ description: 'Hvilke hændelser i adgangsloggen: alle angivne betingelser skal være opfyldt.' })
export class AccessLogFilter {
  @Field(() => String, { nullable: true, description: 'Fra og med denne dag (ÅÅÅÅ-MM-DD, dansk tid).' })
  @IsOptional()
  @IsIsoDay()
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Til og med denne dag (ÅÅÅÅ-MM-DD, dansk tid). Ikke før fra-dagen.' })
  @IsOptional()
  @IsIsoDay()
  to?: string | null;

  @Field(() => ID, { nullable: true, description: 'Kun denne person (en af people).' })
  @IsOptional()
  @IsUUID('all', { message: 'Ukendt medarbejder.' })
  actorId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Kun afviste forsøg.' })
  onlyDenied?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Uden borgerens egne hændelser: det, borgeren selv har set og skrevet på Min plan (personerne med isCitizen).',
  })
  withoutCitizen?: boolean | null;
}

@ObjectType({ description: 'En person i adgangsloggen for den valgte periode, med antallet af hændelser.' })
export class AccessLogPerson {
  @Field(() => ID, { description: 'Brugerens id (til filter.actorId).' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Navn.' })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'Personens nuværende forvaltning (for at skelne to med samme navn).' })
  unitName: string | null;

  @Field(() => Int, { description: 'Hændelser i perioden.' })
  count: number;

  @Field(() => Int, { description: 'Heraf afviste.' })
  deniedCount: number;

  @Field({ description: 'Borgeren selv: borgerens eget login til Min plan (ikke et login bundet ved et forkert registreret CPR-nummer).' })
  isCitizen: boolean;
}

@ObjectType({
  description:
    'En side af adgangsloggen, nyeste først. Hent ældre med after: nextCursor og samme filter; nextCursor er tom på sidste side. ' +
    'Optællingerne gælder hele perioden og personen (alle sider), ikke kun denne side.',
})
export class AccessLogPage {
  @Field(() => [AccessLogEntry], { description: 'Hændelserne på denne side, nyeste først.' })
  entries: AccessLogEntry[];

  @Field(() => String, { nullable: true, description: 'Uigennemsigtig markør for ældre hændelser (til after), eller tom på sidste side.' })
  nextCursor: string | null;

  @Field(() => Int, { description: 'Hændelser i alt i perioden, for personen, når en er valgt, og uden borgerens egne, når de er valgt fra (alle sider; også med "kun afviste").' })
  totalCount: number;

  @Field(() => Int, { description: 'Heraf afviste forsøg: med "kun afviste" alle de hændelser, filteret udvælger.' })
  deniedCount: number;

  @Field(() => [AccessLogPerson], {
    description: 'Hvem der står i loggen i den valgte periode (uanset person og "kun afviste"), efter navn: valgmulighederne for filter.actorId.',
  })
  people: AccessLogPerson[];
}

// The id of the last row shown, as text: rows are read newest first by id, so the next page is
// every row below it, whatever was logged meanwhile (no row skipped, none twice).
const encodeCursor = (id: string) => Buffer.from(`log:${id}`, 'utf8').toString('base64url');

function rowBelow(after: string | null | undefined): string | null {
  if (!after) return null;
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(after) ? Buffer.from(after, 'base64url').toString('utf8') : '';
  const m = /^log:(\d{1,18})$/.exec(text);
  if (!m) throw badInput('after', 'Ugyldig markør for ældre hændelser. Hent loggen forfra.');
  return m[1];
}

/** The filter's conditions on audit_log `a`, from parameter $2 on ($1 is the citizen). */
const FILTER_CONDITIONS = `a.citizen_id = $1
        AND ($2::date IS NULL OR a.at >= ($2::date)::timestamp AT TIME ZONE '${DANISH_TIME_ZONE}')
        AND ($3::date IS NULL OR a.at < ($3::date + 1)::timestamp AT TIME ZONE '${DANISH_TIME_ZONE}')`;

type PersonRow = { actor_id: string | null; name: string | null; unit_name: string | null; n: number; denied: number; is_citizen: boolean };

/**
 * Whether the account `u` is the citizen's own ($1): bound to them, and not one bound through a
 * CPR number later found wrong (renamed then: what it read was someone else's doing).
 */
const CITIZENS_OWN = (u: string, wronglyBound: string) => `(${u}.citizen_id = $1 AND ${u}.name IS DISTINCT FROM ${wronglyBound})`;

/**
 * One page of the citizen's access log, newest first, with the counts for the whole filter;
 * for the caller `mayReadAccessLog` allows (anyone else: NOT_FOUND, logged as a refusal).
 * A coordinator answering the citizen's request for access (aktindsigt: "who has seen my
 * information in the past year?") needs every row of a period, not only the newest ones.
 *
 * Both statements are served by the index on (citizen_id, id) INCLUDE (at, actor_id, outcome)
 * (migration 1700000000056): the page reads its ids from the index alone, newest first, and
 * fetches only those rows; the counts are one pass over the index entries of the citizen.
 */
export async function accessLogPage(
  ctx: RequestContext,
  args: { citizenId: string; filter: AccessLogFilter | null; first: number; after: string | null },
  schema: GraphQLSchema,
): Promise<AccessLogPage> {
  const { citizenId, first } = args;
  const filter = args.filter ?? {};
  if (!Number.isInteger(first) || first < 1 || first > ACCESS_LOG_MAX_PAGE) throw badInput('first', `Vælg mellem 1 og ${ACCESS_LOG_MAX_PAGE} hændelser pr. side.`);
  if (filter.from && filter.to && filter.to < filter.from) throw badInput('to', 'Til-datoen kan ikke ligge før fra-datoen.');
  const below = rowBelow(args.after);
  await guardAccessLogRead(ctx, citizenId);
  const period = [citizenId, filter.from ?? null, filter.to ?? null];
  const actorId = filter.actorId ?? null;
  const onlyDenied = filter.onlyDenied === true;
  const withoutCitizen = filter.withoutCitizen === true;
  // Authorised above under row-level security; the names of people from other municipalities
  // who tried to look are read through the system connection (they are in other tenants).
  const db = systemReads(ctx.deps);
  // One after the other: the system connection is a small pool shared by every request.
  const rows: Array<Record<string, unknown>> = await db.query(
    `WITH page AS (
       SELECT a.id FROM audit_log a
        WHERE ${FILTER_CONDITIONS}
          AND ($4::uuid IS NULL OR a.actor_id = $4) AND (NOT $5::boolean OR a.outcome = 'DENIED') AND ($6::bigint IS NULL OR a.id < $6)
          AND (NOT $8::boolean OR NOT EXISTS (SELECT 1 FROM app_user c WHERE c.id = a.actor_id AND ${CITIZENS_OWN('c', '$9')}))
        ORDER BY a.id DESC LIMIT $7)
     SELECT ${ENTRY_COLUMNS}
       FROM page JOIN audit_log a ON a.id = page.id ${ENTRY_JOINS}
      ORDER BY a.id DESC`,
    [...period, actorId, onlyDenied, below, first + 1, withoutCitizen, WRONGLY_BOUND_NAME],
  );
  // Everyone in the period, counted in one pass: the totals of any person and outcome follow from it.
  const people: PersonRow[] = await db.query(
    `SELECT c.actor_id, u.name, un.name AS unit_name, c.n, c.denied, COALESCE(${CITIZENS_OWN('u', '$4')}, false) AS is_citizen
       FROM (SELECT a.actor_id, count(*)::int AS n, (count(*) FILTER (WHERE a.outcome = 'DENIED'))::int AS denied
               FROM audit_log a WHERE ${FILTER_CONDITIONS} GROUP BY a.actor_id) c
       LEFT JOIN app_user u ON u.id = c.actor_id LEFT JOIN unit un ON un.id = u.unit_id
      ORDER BY u.name ${DANISH_ORDER}, c.actor_id`,
    [...period, WRONGLY_BOUND_NAME],
  );
  const page = rows.slice(0, first);
  const counted = people.filter((p) => (!actorId || p.actor_id === actorId) && !(withoutCitizen && p.is_citizen));
  return Object.assign(new AccessLogPage(), {
    entries: await toEntries(ctx, citizenId, page, schema),
    nextCursor: rows.length > first ? encodeCursor(page[page.length - 1].id as string) : null,
    totalCount: counted.reduce((n, p) => n + p.n, 0),
    deniedCount: counted.reduce((n, p) => n + p.denied, 0),
    people: people
      .filter((p): p is PersonRow & { actor_id: string } => p.actor_id !== null)
      .map((p) => Object.assign(new AccessLogPerson(), { id: p.actor_id, name: p.name, unitName: p.unit_name, count: p.n, deniedCount: p.denied, isCitizen: p.is_citizen })),
  });
}
