import { charCount } from '@samplan/schema';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { EntityManager } from 'typeorm';
import { appModules } from './app-modules';
import { recordAudit } from './core/audit';
import { configFromEnv, type EnvConfig } from './core/config';
import { uniqueViolationOf } from './core/db/unique-violation';
import { exitWhenDone } from './core/exit-when-done';
import { entitiesOf } from './core/module';
import { exitForOperator, openOperatorDatabase, Refusal, UsageError } from './core/operator-cli';

/**
 * `npm run setup -- --municipality "Faaborg-Midtfyn" --admin someone@kommune.dk`: the first
 * run of a municipality. Applies pending migrations, creates the municipality and invites its
 * first administrator (by e-mail, or by the identity provider's subject with
 * `--admin-subject`), who takes it from there in the browser: units, staff, citizens. This is
 * the only way a municipality comes into being (the demo seed aside).
 *
 * `--recover-admin` invites an administrator to a municipality that exists and has no active
 * administrator (the first one's address was mistyped, or the only one has left): refused
 * while one is active, who invites the next in the browser instead. The only administrator who
 * has left still counts as active (nobody may deactivate the last one in the browser), so
 * `--replacing <their e-mail or login-id>` (once for each who has left) deactivates them and invites the new one at once.
 *
 * `--add-admin` adds an administrator to a municipality that has fewer than two (addAdministrator):
 * an administrator's invitation binds only once another administrator has approved it, and the
 * operator, who runs this with the database's credentials, is the other pair of eyes on this one.
 *
 * It runs against DATABASE_URL, or the embedded PostgreSQL the server uses when that is unset.
 * A refusal is one line on stderr and exit code 1; a mistake in the arguments, exit code 2.
 */

const USAGE =
  'usage: npm run setup -- --municipality "<name>" (--admin <e-mail> | --admin-subject <subject>) [--admin-name "<name>"] [--recover-admin [--replacing <e-mail or login-id>]… | --add-admin]';

/** The settings once parsed: a failure shows its stack only with LOG_LEVEL=debug. */
let settings: EnvConfig | undefined;

export interface SetupRequest {
  municipality: string;
  email: string | null;
  subject: string | null;
  adminName: string;
  /** An administrator for an existing municipality without an active one (`--recover-admin`). */
  recover: boolean;
  /** With `recover`: the e-mail or login-id of each administrator who has left, deactivated in the same transaction (`--replacing`, once for each). */
  replacing: readonly string[];
  /** A second administrator for an existing municipality with fewer than two, approved by the operator (`--add-admin`). */
  add: boolean;
}

export function parseSetupArgs(argv: readonly string[]): SetupRequest {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { municipality: { type: 'string' }, admin: { type: 'string' }, 'admin-subject': { type: 'string' }, 'admin-name': { type: 'string' }, 'recover-admin': { type: 'boolean' }, 'add-admin': { type: 'boolean' }, replacing: { type: 'string', multiple: true } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const municipality = text('municipality')?.trim() ?? '';
  const email = text('admin')?.trim().toLowerCase() || null;
  const subject = text('admin-subject')?.trim() || null;
  if (!municipality || charCount(municipality) > 200) throw new UsageError(`--municipality needs the municipality's name (at most 200 characters)\n${USAGE}`);
  if (!email && !subject) throw new UsageError(`--admin (an e-mail address) or --admin-subject (the identity provider's subject) is needed\n${USAGE}`);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--admin must be an e-mail address, got "${values.admin}"`);
  const adminName = text('admin-name')?.trim() || email || subject!;
  const recover = values['recover-admin'] === true;
  const replacing = ((values.replacing as string[] | undefined) ?? []).map((r) => r.trim());
  if (replacing.some((r) => !r)) throw new UsageError(`--replacing needs the e-mail or login-id of the administrator who has left\n${USAGE}`);
  if (replacing.length && !recover) throw new UsageError(`--replacing goes with --recover-admin\n${USAGE}`);
  const add = values['add-admin'] === true;
  if (add && recover) throw new UsageError(`--add-admin and --recover-admin are two different commands: give one of them\n${USAGE}`);
  return { municipality, email, subject, adminName, recover, replacing, add };
}

/** The municipality's code: its name as a slug ("Faaborg-Midtfyn" → "faaborg-midtfyn", "Ærø" → "aeroe"). */
export function municipalitySlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The unique constraints a second setup of the same municipality runs into, as the operator reads them. */
function refuseDuplicate(req: SetupRequest, code: string) {
  return (err: unknown): never => {
    const constraint = uniqueViolationOf(err);
    if (constraint === 'municipality_name_idx' || constraint === 'municipality_code_key') {
      throw new Refusal(`A municipality named "${req.municipality}" (code ${code}) exists already; nothing was changed.`);
    }
    throw err;
  };
}

export interface SetupResult {
  municipalityId: string;
  code: string;
  adminId: string;
}

/**
 * One transaction: the municipality, its first administrator (INVITED until the first sign-in
 * binds the e-mail to the provider's subject, or the subject signs in), and the audit row that
 * opens its administration log. The municipality's id is set as the row-level security
 * setting first (migration 11), so this also runs as a database owner that is not a superuser.
 */
export async function setupMunicipality(m: EntityManager, req: SetupRequest): Promise<SetupResult> {
  const code = municipalitySlug(req.municipality);
  if (!code) throw new UsageError(`--municipality "${req.municipality}" has no letters or digits to make a code of`);
  const municipalityId = randomUUID();
  await m.query(`SELECT set_config('samplan.municipality_id', $1, true)`, [municipalityId]);
  await m.query(`INSERT INTO municipality (id, code, name) VALUES ($1, $2, $3)`, [municipalityId, code, req.municipality]).catch(refuseDuplicate(req, code));
  // A login held elsewhere is refused as --add-admin refuses it: an invitation waiting in another
  // municipality for the same address would leave both unbound, and the first administrator
  // could not sign in. After the municipality's own row, so a second setup of it is told so first.
  await refuseLoginHeld(m, req, municipalityId, 'setup');
  const adminId = await insertAdministrator(m, municipalityId, req, refuseDuplicate(req, code));
  await recordAudit(m, {
    actor: null, municipalityId, action: 'SETUP_MUNICIPALITY', entityType: 'MUNICIPALITY', entityId: municipalityId, outcome: 'ALLOWED',
    detail: `Oprettede kommunen »${req.municipality}« og inviterede ${staffLabel(req.adminName, req.email, req.subject)} som første administrator`,
  });
  return { municipalityId, code, adminId };
}

/** An administrator as the recovery reads them. */
interface AdministratorRow {
  id: string;
  name: string;
  email: string | null;
  subject: string | null;
  username: string;
  active: boolean;
  deactivated: boolean;
}

/** Names in a Danish sentence: "A", "A og B", "A, B og C". */
const danishList = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} og ${names[names.length - 1]}`);

/**
 * An administrator's account as the operations make it: invited (active at the first sign-in),
 * with no unit and no inviter, so no approval awaits it (migration 70). A refusal of the INSERT
 * (a unique index) goes to `refuse`.
 */
async function insertAdministrator(m: EntityManager, municipalityId: string, req: SetupRequest, refuse: (err: unknown) => never): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await m
    .query(
      `INSERT INTO app_user (municipality_id, username, name, role, unit_id, email, subject)
       VALUES ($1, $2, $3, 'ADMINISTRATOR', NULL, $4, $5) RETURNING id`,
      [municipalityId, req.email ?? req.subject, req.adminName, req.email, req.subject],
    )
    .catch(refuse);
  return id;
}

/** A login already in use, as the INSERT's unique index says it: `reason` for the operator; anything else as it came. */
const refuseLoginInUse = (reason: string) => (err: unknown): never => {
  if (uniqueViolationOf(err)) throw new Refusal(reason);
  throw err;
};

/** How the administration log names a member of staff: their name, with the e-mail or login-id it was given by. */
function staffLabel(name: string, email: string | null, subject: string | null): string {
  const who = email ?? `login-id ${subject}`;
  return name === who ? who : `${name} (${who})`;
}

/**
 * `--recover-admin`: one transaction. The municipality by its name; an administrator invited
 * when none is active (signed in and not deactivated), with a row in its administration log.
 * With `--replacing` (once for each), the named administrators (by e-mail or login-id) are deactivated first, in
 * the same transaction and with a row of its own, and only then are the active ones counted:
 * the one who has left no longer blocks the recovery, anyone else active still does. Both rows
 * are the operations' (no actor), under RECOVER_ADMINISTRATOR, which the log shows as theirs.
 */
export async function recoverAdministrator(m: EntityManager, req: SetupRequest): Promise<{ municipalityId: string; adminId: string; replacedIds: string[] }> {
  const [found]: Array<{ id: string; name: string }> = await m.query(`SELECT id, name FROM municipality WHERE lower(name) = lower($1)`, [req.municipality]);
  if (!found) throw new Refusal(`No municipality is named "${req.municipality}"; nothing was changed.`);
  await m.query(`SELECT set_config('samplan.municipality_id', $1, true)`, [found.id]);
  // The municipality's administrators are held while this runs: one signing in meanwhile is counted.
  // In id order, as the administrators' own changes hold them (administrator-write.ts), so neither waits on the other for ever.
  const admins: AdministratorRow[] = await m.query(
    `SELECT id, name, email, subject, username, (activated_at IS NOT NULL AND deactivated_at IS NULL) AS active, deactivated_at IS NOT NULL AS deactivated
       FROM app_user WHERE municipality_id = $1 AND role = 'ADMINISTRATOR' ORDER BY id FOR UPDATE`,
    [found.id],
  );
  // Each named, one after the other (two administrators who have both left: --replacing twice).
  const replaced: AdministratorRow[] = [];
  for (const name of req.replacing) {
    const departed = await deactivateDeparted(m, found, admins, name);
    if (replaced.some((r) => r.id === departed.id)) throw new Refusal(`--replacing names ${staffLabel(departed.name, departed.email, departed.subject)} twice; nothing was changed.`);
    replaced.push(departed);
  }
  const named = replaced.map((r) => staffLabel(r.name, r.email, r.subject));
  if (admins.some((a) => a.active && !replaced.some((r) => r.id === a.id))) {
    throw new Refusal(
      replaced.length
        ? `"${found.name}" has an active administrator besides ${named.join(' and ')}, who deactivates them and invites the next one under "Administration"; nothing was changed. If that one has left too, name them with --replacing as well.`
        : `"${found.name}" has an active administrator, who invites the next one under "Administration"; nothing was changed. If that administrator has left, name them with --replacing <their e-mail or login-id> (once for each who has left).`,
    );
  }
  const adminId = await insertAdministrator(m, found.id, req, refuseLoginInUse(
    `"${found.name}" has a member of staff with that e-mail or login-id already (the administrator who left, perhaps): invite the new administrator by another e-mail or login-id. Nothing was changed.`,
  ));
  const invited = staffLabel(req.adminName, req.email, req.subject);
  await recordAudit(m, {
    actor: null, municipalityId: found.id, action: 'RECOVER_ADMINISTRATOR', entityType: 'STAFF', entityId: adminId, outcome: 'ALLOWED',
    detail: replaced.length
      ? `Driften inviterede ${invited} som administrator i stedet for ${danishList(named)}, der har forladt kommunen`
      : `Driften inviterede ${invited} som administrator, da kommunen ingen aktiv administrator havde`,
  });
  return { municipalityId: found.id, adminId, replacedIds: replaced.map((r) => r.id) };
}

/**
 * `--replacing`: the administrator who has left, found among the municipality's administrators
 * by e-mail (in any case) or login-id, deactivated with a row in the administration log. As a
 * deactivation in the browser, this takes effect at once: the rights trigger closes their open
 * sockets on every instance, and their tokens find no actor.
 */
async function deactivateDeparted(m: EntityManager, municipality: { id: string; name: string }, admins: readonly AdministratorRow[], replacing: string): Promise<AdministratorRow> {
  const matches = admins.filter((a) => a.email?.toLowerCase() === replacing.toLowerCase() || a.subject === replacing || a.username === replacing);
  if (matches.length === 0) {
    throw new Refusal(`"${municipality.name}" has no administrator with the e-mail or login-id "${replacing}" (--replacing names the administrator who has left); nothing was changed.`);
  }
  if (matches.length > 1) {
    throw new Refusal(`"${replacing}" is the e-mail of one administrator of "${municipality.name}" and the login-id of another: name the one who has left by their other one. Nothing was changed.`);
  }
  const [departed] = matches;
  if (departed.deactivated) {
    throw new Refusal(`${staffLabel(departed.name, departed.email, departed.subject)} is deactivated already: leave out --replacing. Nothing was changed.`);
  }
  await m.query(`UPDATE app_user SET deactivated_at = now(), version = version + 1 WHERE id = $1`, [departed.id]);
  await recordAudit(m, {
    actor: null, municipalityId: municipality.id, action: 'RECOVER_ADMINISTRATOR', entityType: 'STAFF', entityId: departed.id, outcome: 'ALLOWED',
    detail: `Driften deaktiverede administratoren ${staffLabel(departed.name, departed.email, departed.subject)}, der har forladt kommunen`,
  });
  return departed;
}

/** An account that holds a login already, as the operator is told of it. */
interface LoginHolder {
  name: string;
  role: string;
  municipality: string;
  deactivated: boolean;
}

/** The login the operator gave, as a refusal names it. */
const loginOf = (req: SetupRequest) => (req.email ? `The e-mail ${req.email}` : `The login-id ${req.subject}`);

/**
 * Refuses an administrator's login (e-mail or login-id) that any account of Samplan holds
 * already: in any municipality, deactivated or not, a citizen's too; and, within
 * `municipalityId`, a member of staff's username. No one is given rights on a login that is
 * someone else's, and no waiting invitation elsewhere is stopped from binding by a second one:
 * two invitations waiting for one address bind neither at the first sign-in.
 */
async function refuseLoginHeld(m: EntityManager, req: SetupRequest, municipalityId: string, command: string): Promise<void> {
  const [holder]: LoginHolder[] = await m.query(
    `SELECT u.name, u.role, mu.name AS municipality, u.deactivated_at IS NOT NULL AS deactivated
       FROM app_user u JOIN municipality mu ON mu.id = u.municipality_id
      WHERE (u.email = $1 AND $1 IS NOT NULL) OR (u.subject = $2 AND $2 IS NOT NULL)
         OR (u.municipality_id = $3 AND u.role <> 'CITIZEN' AND u.username = $4)
      ORDER BY u.municipality_id = $3 DESC, u.id LIMIT 1`,
    [req.email, req.subject, municipalityId, req.email ?? req.subject],
  );
  if (!holder) return;
  // A citizen is not named to the operator: their account is theirs, and the point here is only that the login is taken.
  const whose = holder.role === 'CITIZEN' ? `a citizen's own account in "${holder.municipality}"` : `${holder.name} (${holder.role.toLowerCase()} in "${holder.municipality}"${holder.deactivated ? ', deactivated' : ''})`;
  throw new Refusal(`${loginOf(req)} is in use in Samplan already, by ${whose}: ${command} makes a new account and takes over no existing one. Add the administrator by another e-mail or login-id. Nothing was changed.`);
}

/**
 * `--add-admin`: one transaction. The municipality by its name; an administrator for it, made as
 * approved (no inviter: migration 70), who becomes active at their first sign-in; and the row in
 * its administration log that says the operations made and approved it (ADD_ADMINISTRATOR, no
 * actor). It makes a new account and nothing else: the role is administrator, with no unit, and a
 * login (e-mail or login-id) that any account of Samplan holds already — in any municipality,
 * deactivated or not, a citizen's too — is refused, so no one is given rights on a login that is
 * someone else's, and no waiting invitation elsewhere is stopped from binding by a second one.
 *
 * Refused while the municipality has two administrators who can sign in without anyone else's
 * approval (active, or invited and approved, and not deactivated): those two approve each other's
 * invitations in the browser, where the log names who did, so the operations add no third.
 */
export async function addAdministrator(m: EntityManager, req: SetupRequest): Promise<{ municipalityId: string; adminId: string }> {
  // The municipality's row is held (no key update: rows that refer to it are still written) so
  // that two runs for it count one after the other, and the second sees the first one's.
  const [found]: Array<{ id: string; name: string }> = await m.query(`SELECT id, name FROM municipality WHERE lower(name) = lower($1) FOR NO KEY UPDATE`, [req.municipality]);
  if (!found) throw new Refusal(`No municipality is named "${req.municipality}"; nothing was changed.`);
  await m.query(`SELECT set_config('samplan.municipality_id', $1, true)`, [found.id]);
  // In id order, as the administrators' own changes hold them (administrator-write.ts): an approval meanwhile is counted.
  const admins: Array<AdministratorRow & { awaiting: boolean }> = await m.query(
    `SELECT id, name, email, subject, username, (activated_at IS NOT NULL AND deactivated_at IS NULL) AS active, deactivated_at IS NOT NULL AS deactivated,
            (invited_by IS NOT NULL AND approved_at IS NULL) AS awaiting
       FROM app_user WHERE municipality_id = $1 AND role = 'ADMINISTRATOR' ORDER BY id FOR UPDATE`,
    [found.id],
  );
  await refuseLoginHeld(m, req, found.id, '--add-admin');
  const able = admins.filter((a) => !a.deactivated && !a.awaiting);
  if (able.length >= 2) {
    const named = able.map((a) => `${staffLabel(a.name, a.email, a.subject)}${a.active ? '' : ', not signed in yet'}`).sort((a, b) => a.localeCompare(b, 'da'));
    throw new Refusal(
      `"${found.name}" has ${able.length === 2 ? 'two' : able.length} administrators already (${named.join('; ')}), who approve each other's invitations under "Administration"; nothing was changed. ` +
        'If one of them has left, the other deactivates them there first; if all have, use --recover-admin --replacing.',
    );
  }
  // Only a race with a sign-in or an invitation made in the same instant meets a unique index here: the look-up above found no holder.
  const adminId = await insertAdministrator(m, found.id, req, refuseLoginInUse(`${loginOf(req)} is in use in "${found.name}" already: add the administrator by another e-mail or login-id. Nothing was changed.`));
  await recordAudit(m, {
    actor: null, municipalityId: found.id, action: 'ADD_ADMINISTRATOR', entityType: 'STAFF', entityId: adminId, outcome: 'ALLOWED',
    detail: `Driften inviterede ${staffLabel(req.adminName, req.email, req.subject)} som administrator og godkendte invitationen: driften er det andet par øjne`,
  });
  return { municipalityId: found.id, adminId };
}

async function main(): Promise<number> {
  const req = parseSetupArgs(process.argv.slice(2));
  const out = (m: string) => process.stdout.write(`${m}\n`);
  // Settings are checked as at the server's start (core/config.ts); only the database ones matter here.
  const config = (settings = configFromEnv(process.env, { verifiesTokens: false }));
  const { ds, applied, close } = await openOperatorDatabase(config, entitiesOf(appModules));
  try {
    out(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.` : 'The database schema is up to date.');
    if (req.add) {
      const added = await ds.transaction((m) => addAdministrator(m, req));
      const identity = [req.email && `e-mail ${req.email}`, req.subject && `subject ${req.subject}`].filter(Boolean).join(', ');
      const named = req.adminName === (req.email ?? req.subject) ? '' : ` ${req.adminName},`;
      out(`Added an administrator to "${req.municipality}",${named} ${identity} (role ADMINISTRATOR, no unit, user id ${added.adminId}), approved by the operations.`);
      out(`They become active at their first sign-in through the identity provider, and approve the invitations another administrator makes under "Administration". The municipality's administration log says the operations added them.`);
      return 0;
    }
    if (req.recover) {
      const recovered = await ds.transaction((m) => recoverAdministrator(m, req));
      recovered.replacedIds.forEach((id, i) => out(`Deactivated the administrator ${req.replacing[i]} (user id ${id}), who has left.`));
      out(`Invited an administrator to "${req.municipality}", ${req.email ?? req.subject} (user id ${recovered.adminId}); they become active at their first sign-in.`);
      return 0;
    }
    const result = await ds.transaction((m) => setupMunicipality(m, req));
    out(`Created the municipality "${req.municipality}" (code ${result.code}, id ${result.municipalityId}).`);
    const identity = [req.email && `e-mail ${req.email}`, req.subject && `subject ${req.subject}`].filter(Boolean).join(', ');
    const named = req.adminName === (req.email ?? req.subject) ? '' : ` ${req.adminName},`;
    out(`Invited its first administrator,${named} ${identity} (role ADMINISTRATOR, no unit, user id ${result.adminId}).`);
    out(`They become active at their first sign-in through the identity provider, and set up the municipality's units and staff under "Administration".`);
    return 0;
  } finally {
    await close();
  }
}

if (require.main === module) {
  exitWhenDone(main, (err) => exitForOperator('setup', err, settings?.logLevel));
}
