import type { GraphQLSchema } from 'graphql';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ACCESS_CHANNELS, recordAudit, type AccessChannel as Channel } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { systemReads, type RequestContext } from '../../core/context';
import { titleFor, titlesOf } from './access-log-titles';
import { refuseUnseen } from './plan-guard';

/** How the data reached the user, as a GraphQL enum; the list is core/audit's, where the rows are written. */
export const AccessChannel = Object.fromEntries(ACCESS_CHANNELS.map((c) => [c, c])) as { readonly [K in Channel]: K };
export type AccessChannel = Channel;

registerEnumType(AccessChannel, {
  name: 'AccessChannel',
  description: 'Hvordan oplysningerne nåede brugeren.',
  valuesConfig: {
    PLAN_PAGE: { description: 'Planen (plansiden).' },
    CASELOAD: { description: 'Sagslisten (Mine sager, mentorens borgere).' },
    RECORD: { description: 'Én post hentet efter id (fx en indsats eller et forløb).' },
    LIVE: { description: 'Live-opdatering.' },
    REPLAY: { description: 'Genafspilning af hændelser efter genopkobling (afterSeq).' },
    SEARCH: { description: 'Borgersøgningen (på CPR-nummer eller navn).' },
  },
});

@ObjectType({ description: 'Adgangslog: one look at or change of a citizen\'s data, or a refused attempt.' })
export class AccessLogEntry {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Tidspunkt.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Hvem (navn).' })
  actorName: string | null;

  @Field(() => String, { nullable: true, description: 'Forvaltning.' })
  unitName: string | null;

  @Field({ description: 'Handling, e.g. READ_PLAN, UPDATE_INTERVENTION.' })
  action: string;

  @Field({ description: 'Hvad (posttype).' })
  entityType: string;

  @Field(() => String, { nullable: true, description: 'Postens id.' })
  entityId: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Hvad posten hedder, når loggen kan navngive den, og jeg må se den: indsatsens eller aktivitetens titel, delmålets tekst, samtalens tidspunkt, ' +
      'mentorbevillingens periode, det afviste felts navn (fx Arbejdstelefon). Tom for andre poster, og for en post på en plan, jeg ikke må læse.',
  })
  entityTitle: string | null;

  @Field({ description: 'ALLOWED eller DENIED (afvist).' })
  outcome: string;

  @Field(() => String, { nullable: true, description: 'Detalje.' })
  detail: string | null;

  @Field(() => AccessChannel, { nullable: true, description: 'Kanal for en læsning: hvordan oplysningerne nåede brugeren (tom for ændringer).' })
  channel: AccessChannel | null;

  @Field(() => Int, {
    description: 'Antal: gentagne læsninger af samme bruger, borger, kanal og post inden for samme kvarter (15 minutter) er én række med antallet.',
  })
  count: number;

  @Field(() => Date, { nullable: true, description: 'Seneste læsning, som rækken tæller (for en læsning; at er den første).' })
  lastAt: Date | null;
}

/**
 * The coordinators of each citizen's current programme: the one that runs (or each that runs),
 * or, when none runs, the latest by start. Read under row-level security, so a citizen of
 * another municipality has none. The one statement behind `mayReadAccessLog`, keyed by citizen
 * for a per-request loader (plan.loaders.ts).
 */
export const CURRENT_COORDINATORS_BY_CITIZEN = `
  WITH theirs AS (
    SELECT id, citizen_id, status,
           bool_or(status = 'ACTIVE') OVER (PARTITION BY citizen_id) AS one_runs,
           row_number() OVER (PARTITION BY citizen_id ORDER BY start_date DESC, id DESC) AS latest
      FROM programme WHERE citizen_id = ANY($1::uuid[]))
  SELECT t.citizen_id AS k, ca.user_id AS v
    FROM theirs t JOIN coordinator_assignment ca ON ca.programme_id = t.id AND ca.to_at IS NULL
   WHERE CASE WHEN t.one_runs THEN t.status = 'ACTIVE' ELSE t.latest = 1 END`;

/**
 * Whether the caller may read the citizen's access log: only the citizen's current coordinator
 * may, the coordinator of a running programme of the citizen, or, when none runs, of the latest.
 * An ended programme keeps its coordinator (someone holds it, to withdraw a consent), but the
 * log names everyone who has worked on the citizen since, on plans that are no longer theirs.
 * The log itself and the plan page's offer of it (`Plan.mayReadAccessLog`) both ask this.
 */
export async function mayReadAccessLog(ctx: RequestContext, citizenId: string): Promise<boolean> {
  return (await ctx.loaders.currentCoordinatorsByCitizen.load(citizenId)).includes(actorOf(ctx).userId);
}

/**
 * Refuses (NOT_FOUND) a caller `mayReadAccessLog` does not allow, and logs the attempt; logs
 * the allowed read. Every read of the log, each page of it, is itself a row of the log.
 */
export async function guardAccessLogRead(ctx: RequestContext, citizenId: string): Promise<void> {
  const actor = actorOf(ctx);
  // Refused: the attempt is in the citizen's own log (when the citizen exists), for the coordinator to see who tried.
  if (!(await mayReadAccessLog(ctx, citizenId))) return refuseUnseen(ctx, { action: 'READ_ACCESS_LOG', entityType: 'CITIZEN', entityId: citizenId }, 'Borgeren');
  await recordAudit(ctx.db, { actor, action: 'READ_ACCESS_LOG', entityType: 'CITIZEN', entityId: citizenId, citizenId, outcome: 'ALLOWED' });
}

/** The columns of an access log row `a`, with the names of its actor and their unit (`ENTRY_JOINS`). */
export const ENTRY_COLUMNS = `a.id::text AS id, a.at, u.name AS actor_name, un.name AS unit_name, a.action, a.entity_type, a.entity_id, a.outcome, a.detail,
            a.channel, a.count, a.last_at`;
export const ENTRY_JOINS = `LEFT JOIN app_user u ON u.id = a.actor_id LEFT JOIN unit un ON un.id = a.actor_unit_id`;

/** Rows read with ENTRY_COLUMNS as entries, each record named where the caller may see it (`titlesOf`: one statement for them all). */
export async function toEntries(ctx: RequestContext, citizenId: string, rows: Array<Record<string, unknown>>, schema: GraphQLSchema): Promise<AccessLogEntry[]> {
  const records = rows.map((r) => ({ entityType: r.entity_type as string, entityId: r.entity_id as string | null }));
  const titles = await titlesOf(ctx, citizenId, records, schema);
  return rows.map((r, i) => ({
    id: r.id as string, at: r.at as Date, actorName: r.actor_name as string | null, unitName: r.unit_name as string | null, action: r.action as string,
    entityType: records[i].entityType, entityId: records[i].entityId, entityTitle: titleFor(titles, records[i]), outcome: r.outcome as string, detail: r.detail as string | null,
    channel: r.channel as AccessChannel | null, count: r.count as number, lastAt: r.last_at as Date | null,
  }));
}

/** Who looked at or changed the citizen's data, the newest `limit` rows; for the caller `mayReadAccessLog` allows. */
export async function accessLog(ctx: RequestContext, citizenId: string, limit: number, schema: GraphQLSchema): Promise<AccessLogEntry[]> {
  await guardAccessLogRead(ctx, citizenId);
  // Authorised above under row-level security; the names of people from other municipalities
  // who tried to look are read through the system connection (they are in other tenants).
  const rows: Array<Record<string, unknown>> = await systemReads(ctx.deps).query(
    `SELECT ${ENTRY_COLUMNS}
       FROM audit_log a ${ENTRY_JOINS}
      WHERE a.citizen_id = $1 ORDER BY a.id DESC LIMIT $2`,
    [citizenId, Math.min(Math.max(limit, 1), 1000)],
  );
  return toEntries(ctx, citizenId, rows, schema);
}
