import { localDate } from '@samplan/schema';
import { signToken } from '../../core/auth/tokens';
import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsGraphQLError } from '../../test-support/ws-client';

/**
 * A mentor's view of a plan is open while a grant of theirs is active today: when the Danish
 * day turns after the grant's last day, their presence in the plan ends with NOT_FOUND within
 * a refresh, though nobody changed anything, and they no longer hear who has the plan open.
 * The server's clock is set an hour before midnight, then moved past it.
 */
jest.setTimeout(60_000);

let t: TestServer;
let shift = 0;
const clock = { now: () => new Date(Date.now() + shift) };
beforeAll(async () => {
  t = await startTestServer({ clock });
});
afterAll(() => t.stop());

/** The next midnight in Danish time after `at`. */
function nextDanishMidnight(at: Date): Date {
  const day = localDate(at);
  let probe = new Date(at.getTime() + 60_000);
  while (localDate(probe) === day) probe = new Date(probe.getTime() + 60_000);
  // Midnight lies in the last minute stepped over, on a whole minute (Danish time is a whole hour off UTC).
  return new Date(Math.floor(probe.getTime() / 60_000) * 60_000);
}

it('a mentor whose grant ended yesterday is out of the plan\'s presence once the day turns', async () => {
  const eva = await planIdOf(t, 'Eva');
  // An hour before midnight: the grant's last day.
  const midnight = nextDanishMidnight(new Date());
  shift = midnight.getTime() - 3_600_000 - Date.now();
  const lastDay = localDate(clock.now());
  await t.db.dataSource.query(
    `UPDATE mentor_grant SET end_date = $3 WHERE plan_id = $1 AND mentor_id = (SELECT id FROM app_user WHERE username = $2) AND start_date <= $3::date`,
    [eva, 'mikkel', lastDay],
  );
  // Signed now by the wall clock, as the identity provider would: tokens are checked against it, not the server's test clock.
  const socket = await WsClient.connect(t.url, await signToken(t.config.auth, 'mikkel', new Date()));
  const lists: string[][] = [];
  const errors: WsGraphQLError[] = [];
  socket.subscribe(
    `subscription($planId: ID!, $sessionId: String!) { planPresence(planId: $planId, sessionId: $sessionId) { present { user { name } } } }`,
    { planId: eva, sessionId: 'tab-mikkel-midnight' },
    (r) => {
      if (r.errors) errors.push(...r.errors);
      const presence = r.data?.planPresence as { present: Array<{ user: { name: string } }> } | undefined;
      if (presence) lists.push(presence.present.map((p) => p.user.name));
    },
  );
  const waitUntil = async (what: string, done: () => boolean) => {
    const until = Date.now() + 20_000;
    while (!done()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    // Present on the grant's last day.
    await waitUntil('the first list', () => lists.length > 0 || errors.length > 0);
    expect(errors).toEqual([]);
    expect(lists[0]).toContain('Mikkel Lund');
    // The clock passes midnight, and nothing else happens: ended within a refresh.
    shift = midnight.getTime() + 1_000 - Date.now();
    await waitUntil('the end of his presence', () => errors.length > 0);
    expect(localDate(clock.now())).not.toBe(lastDay);
    expect(errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  } finally {
    await socket.close();
  }
});
