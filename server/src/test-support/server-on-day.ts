import { startTestServer, type TestServer } from './test-server';

/**
 * A test server whose clock stands at `day` once `setUp` has put the test's data in, and the
 * token of `username` to ask it with: tokens are checked against real time, so it signs in
 * before the clock is set. Read `t` and `leader` from the answer inside the tests.
 */
export function serverOnDay(day: string, username: string, setUp: (t: TestServer) => Promise<void>): { t: TestServer; leader: string } {
  const on = {} as { t: TestServer; leader: string };
  let now = new Date();
  beforeAll(async () => {
    on.t = await startTestServer({ clock: { now: () => now } });
    await setUp(on.t);
    on.leader = await on.t.login(username);
    now = new Date(day);
  });
  afterAll(() => on.t.stop());
  return on;
}
