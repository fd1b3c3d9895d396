import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A load balancer keeps its connections to Samplan open between requests and closes them
 * itself when idle (60 s by default on common ones). Samplan keeps them longer, so the
 * balancer never sends a request on a connection Samplan is just closing (a reset, and the
 * user's request lost).
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ seed: false });
});
afterAll(() => t.stop());

it('keeps an idle connection open for 65 seconds, longer than a load balancer does, and says so', async () => {
  const res = await fetch(`${t.url}/healthz`);
  await res.text();
  expect(res.headers.get('keep-alive')).toBe('timeout=65');
});
