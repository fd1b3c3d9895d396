import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { badInput } from '../../core/errors/app-errors';
import { denialReasonText } from '@samplan/schema';
import { AdministrationLogEntry, AdministrationLogPage } from './admin-log.types';
import { ADMINISTRATIVE_ACTIONS } from './administrator-write';

/** The audit rows that administrative actions write (units, staff, the municipality's setup), and only those; each notifies the open administration pages (migration 47's trigger names the same types). */
export const ADMINISTRATION_ENTITY_TYPES = ['UNIT', 'STAFF', 'MUNICIPALITY'] as const;

export const MAX_PAGE = 200;

/**
 * Plan work that names a unit: a caseworker's refused attempt to put an unknown unit on a
 * team is audited against the unit (a probe, for the account review), but is no administration.
 */
const PLAN_WORK_ON_UNITS = ['ADD_TEAM_UNIT', 'REMOVE_TEAM_UNIT', 'CREATE_PROGRAMME'];

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

function decodeCursor(text: string): string {
  const id = /^[A-Za-z0-9_-]{1,40}$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8') : '';
  if (!/^\d{1,18}$/.test(id)) throw badInput('after', 'Ugyldig markør for næste side. Hent loggen forfra.');
  return id;
}

type LogRow = { id: string; at: Date; actor_name: string | null; action: string; outcome: string; detail: string | null };

/** What a refused attempt was, in Danish: the administrators' actions, and a leader's setting of the municipality's own frames. */
const TRIED = { ...ADMINISTRATIVE_ACTIONS, SET_OWN_PROGRAMME_SETTINGS: 'sætte kommunens egne rammer for helhedsorienterede forløb' } as const;

/** A done action by the summary written with it; a refused one says it was refused, what was tried and why, in Danish. */
function summaryOf(r: LogRow): string {
  // A refused sign-in (deactivated, or an invitation awaiting approval) is no administrative action: its own words say who and what.
  if (r.outcome !== 'DENIED' || r.action === 'SIGN_IN_DEACTIVATED_USER' || r.action === 'SIGN_IN_AWAITING_APPROVAL') return r.detail ?? r.action;
  const tried = (TRIED as Readonly<Record<string, string>>)[r.action] ?? r.action;
  return `Afvist forsøg på at ${tried}${r.detail ? `: ${denialReasonText(r.detail)}` : ''}`;
}

/** Newest first, in pages; an administrator sees their own municipality's log only. */
export async function administrationLog(ctx: RequestContext, first: number, after: string | null | undefined): Promise<AdministrationLogPage> {
  const actor = actorOf(ctx);
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput('first', `Vælg mellem 1 og ${MAX_PAGE} linjer pr. side.`);
  const before = after ? decodeCursor(after) : null;
  const rows: LogRow[] = await ctx.db.query(
    `SELECT a.id::text AS id, a.at, u.name AS actor_name, a.action, a.outcome, a.detail
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id
      WHERE a.municipality_id = $1 AND a.entity_type = ANY($2::text[]) AND ($3::bigint IS NULL OR a.id < $3::bigint)
        AND a.action <> ALL($5::text[])
      ORDER BY a.id DESC
      LIMIT $4`,
    [actor.municipalityId, ADMINISTRATION_ENTITY_TYPES, before, first + 1, PLAN_WORK_ON_UNITS],
  );
  const page = rows.slice(0, first);
  return Object.assign(new AdministrationLogPage(), {
    entries: page.map((r) => Object.assign(new AdministrationLogEntry(), { id: r.id, at: r.at, actorName: r.actor_name, action: r.action, summary: summaryOf(r) })),
    nextCursor: rows.length > first ? encodeCursor(page[page.length - 1].id) : null,
  });
}
