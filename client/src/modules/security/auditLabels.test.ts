import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_LABELS, ENTITY_LABELS } from './auditLabels';

/**
 * Every action and entity code the server writes to the audit log has a Danish label: the
 * coordinator reads a citizen's access log (and its export) in Danish, never "BOOK_MEETING",
 * and a leader reads an account's refused attempts under "Konti til gennemsyn", the
 * administration's own (INVITE_STAFF, "STAFF") among them. The codes are read from the
 * server's source, so a new action without a label fails here.
 */
const SERVER = path.resolve(__dirname, '../../../../server/src');

/** The readiness probe's own write (core/http): no person's, so never on either page. */
const NO_PERSON = new Set(['UPDATE_PROBE']);
const NO_PERSONS_RECORD = new Set(['PROBE']);

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

describe('the audit log in Danish', () => {
  it('every action the server records has a label', () => {
    // Written as `action: '…'`, or handed to a guard that writes the refusal (guardPresence(ctx, planId, 'SET_EDITING')).
    const actions = [...codes('\\baction:'), ...codes('\\bguard\\w*\\(ctx,\\s*[^,]+,')].filter((c) => !NO_PERSON.has(c));
    expect(actions.length).toBeGreaterThan(40);
    expect(actions).toEqual(expect.arrayContaining(['INVITE_STAFF', 'SET_OWN_PROGRAMME_SETTINGS', 'SET_EDITING', 'READ_OTHER_PROGRAMMES']));
    expect(actions.filter((c) => !ACTION_LABELS[c]).sort()).toEqual([]);
  });

  it('every kind of record the server logs has a label', () => {
    // Also the names a module gives its kinds as constants (`const ENTITY_TYPE = 'MEETING'`, `const COMMENT_ENTITY_TYPE = …`).
    const kinds = [...codes('\\bentityType:'), ...codes('\\b\\w*ENTITY_TYPE =')].filter((c) => !NO_PERSONS_RECORD.has(c));
    expect(kinds).toEqual(expect.arrayContaining(['PLAN', 'MEETING', 'CONSENT', 'STAFF', 'CITIZEN_MEETING_REQUEST']));
    expect(kinds.filter((c) => !ENTITY_LABELS[c]).sort()).toEqual([]);
  });
});
