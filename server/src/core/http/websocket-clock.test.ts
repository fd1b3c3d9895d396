import { signToken } from '../auth/tokens';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';

/**
 * A socket's token lives by the wall clock, as it was verified: the server's own clock (the
 * domain's day and deadlines, which a test or a replay may move) does not end it. A server whose
 * clock runs two days ahead keeps a socket with a token valid now open, and answers on it.
 */
let t: TestServer;
const clock = { now: () => new Date(Date.now() + 2 * 86_400_000) };
beforeAll(async () => {
  t = await startTestServer({ clock });
});
afterAll(() => t.stop());

it('a token valid by the wall clock keeps its socket open on a server whose clock is days ahead', async () => {
  const socket = await WsClient.connect(t.url, await signToken(t.config.auth, 'anna', new Date()));
  try {
    const answer = await socket.request(`{ me { name } }`);
    expect(answer.data).toEqual({ me: { name: 'Anna Holm' } });
    // Asked again after the answer: an expiry counted by the server's clock would have closed it by now.
    expect((await socket.request(`{ me { name } }`)).data).toEqual({ me: { name: 'Anna Holm' } });
    expect(socket.closeCode).toBeNull();
  } finally {
    await socket.close();
  }
});
