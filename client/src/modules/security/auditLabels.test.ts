import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_LABELS, ENTITY_LABELS } from './auditLabels';

/**
 * Every action and entity code the server writes to a citizen's access log has a Danish
 * label: the coordinator reads the log (and its export) in Danish, never "BOOK_MEETING".
 * The codes are read from the server's source, so a new action without a label fails here.
 */
const SERVER = path.resolve(__dirname, '../../../../server/src');

/** The municipality's own administration: recorded without a citizen, shown in the administration log (its own words). */
const ADMINISTRATION = new Set([
  'INVITE_STAFF', 'CHANGE_STAFF', 'CHANGE_STAFF_PHONE', 'RENAME_STAFF', 'DEACTIVATE_STAFF', 'REACTIVATE_STAFF', 'ACCEPT_INVITATION',
  'SETUP_MUNICIPALITY', 'SIGN_IN_UNKNOWN_USER', 'SIGN_IN_DEACTIVATED_USER', 'SET_OWN_PROGRAMME_SETTINGS', 'CREATE_UNIT', 'RENAME_UNIT', 'CLOSE_UNIT', 'REOPEN_UNIT',
  // The readiness probe's own write (core/http), never about a citizen.
  'UPDATE_PROBE',
]);
const NOT_ABOUT_CITIZENS = new Set(['STAFF', 'USER', 'UNIT', 'MUNICIPALITY', 'PROBE']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'seed' || e.name === 'test-support' ? [] : sources(full);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [full] : [];
  });
}

/**
 * The quoted codes of every expression after `prefix` in the server's source, e.g.
 * `action: change === 'add' ? 'ADD_TEAM_UNIT' : 'REMOVE_TEAM_UNIT'`; a code it is compared
 * with (`channel === 'LIVE'`) is not one it writes.
 */
function codes(prefix: string): Set<string> {
  const found = new Set<string>();
  for (const file of sources(SERVER)) {
    for (const m of readFileSync(file, 'utf8').matchAll(new RegExp(`${prefix}\\s*([^,}\\n]+)`, 'g'))) {
      const written = m[1].replace(/[!=]==\s*'[^']*'/g, '');
      for (const q of written.matchAll(/'([A-Z][A-Z_]{2,})'/g)) found.add(q[1]);
    }
  }
  return found;
}

describe('the access log in Danish', () => {
  it('every action the server records has a label', () => {
    const actions = [...codes('\\baction:')].filter((c) => !ADMINISTRATION.has(c));
    expect(actions.length).toBeGreaterThan(40);
    expect(actions.filter((c) => !ACTION_LABELS[c]).sort()).toEqual([]);
  });

  it('every kind of record the server logs has a label', () => {
    const kinds = [...codes('\\bentityType:'), ...codes('\\bENTITY_TYPE =')].filter((c) => !NOT_ABOUT_CITIZENS.has(c));
    expect(kinds).toEqual(expect.arrayContaining(['PLAN', 'MEETING', 'CONSENT']));
    expect(kinds.filter((c) => !ENTITY_LABELS[c]).sort()).toEqual([]);
  });
});
