import { rememberingVerified, type TokenVerifier, type VerifiedToken } from './tokens';

/** A verifier that accepts the tokens it is told to, counting how often it is asked. */
function countingVerifier(accepted: Record<string, VerifiedToken>): TokenVerifier & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async verify(token) {
      asked.push(token);
      const found = accepted[token];
      if (!found) throw new Error('signature verification failed');
      return found;
    },
  };
}

const at = (seconds: number) => seconds * 1000;
const anna: VerifiedToken = { subject: 'anna', expiresAt: 1_000, issuedAt: 0, issuer: 'samplan' };

it('checks a token once and accepts it again from memory until it expires', async () => {
  const inner = countingVerifier({ 'token-a': anna });
  let clock = at(900);
  const verifier = rememberingVerified(inner, () => clock);
  await expect(verifier.verify('token-a')).resolves.toEqual(anna);
  clock = at(999);
  await expect(verifier.verify('token-a')).resolves.toEqual(anna);
  expect(inner.asked).toEqual(['token-a']);
});

it('checks an expired token in full again, and refuses it when the check does', async () => {
  const accepted: Record<string, VerifiedToken> = { 'token-a': anna };
  const inner = countingVerifier(accepted);
  let clock = at(900);
  const verifier = rememberingVerified(inner, () => clock);
  await verifier.verify('token-a');
  delete accepted['token-a']; // what the full check says once the token has expired
  clock = at(1_000);
  await expect(verifier.verify('token-a')).rejects.toThrow('signature');
  expect(inner.asked).toEqual(['token-a', 'token-a']);
});

it('never keeps a refused token, nor lets a near miss of a kept one through', async () => {
  const inner = countingVerifier({ 'token-a': anna });
  const verifier = rememberingVerified(inner, () => at(900));
  await expect(verifier.verify('token-b')).rejects.toThrow();
  await expect(verifier.verify('token-b')).rejects.toThrow();
  await verifier.verify('token-a');
  await expect(verifier.verify('token-a ')).rejects.toThrow();
  expect(inner.asked).toEqual(['token-b', 'token-b', 'token-a', 'token-a ']);
});
