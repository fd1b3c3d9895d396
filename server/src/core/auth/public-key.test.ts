import { SignJWT } from 'jose';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ConfigError, type AuthConfig } from '../config';
import { createTokenVerifier } from './tokens';

/**
 * AUTH_PUBLIC_KEY: the provider's public key in PEM form, RSA or EC alike ("BEGIN PUBLIC KEY"
 * either way), and the algorithm read from the key. A key that cannot be used stops the start
 * with a line that names the setting; before, it was a promise rejected with nobody waiting,
 * which killed the running server.
 */
const config = (publicKeyPem: string): AuthConfig => ({ issuer: 'idp', audience: 'samplan', demoTokenTtlSeconds: 3600, maxTokenAgeSeconds: 3600, publicKeyPem });

const now = () => Math.floor(Date.now() / 1000);
const token = (alg: string, key: KeyObject) =>
  new SignJWT({}).setProtectedHeader({ alg }).setSubject('anna').setIssuer('idp').setAudience('samplan').setIssuedAt(now()).setExpirationTime(now() + 300).sign(key);

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (key: KeyObject, type: 'spki' | 'pkcs1' = 'spki') => key.export({ type, format: 'pem' }) as string;

it('accepts tokens signed with an EC P-256 key (ES256), and only with that key', async () => {
  const verifier = createTokenVerifier(config(pem(ec.publicKey)));
  await expect(verifier.verify(await token('ES256', ec.privateKey))).resolves.toMatchObject({ subject: 'anna', issuer: 'idp' });
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await expect(verifier.verify(await token('ES256', other.privateKey))).rejects.toThrow(/signature/);
  // An RSA-signed token is not even tried against an EC key.
  await expect(verifier.verify(await token('RS256', rsa.privateKey))).rejects.toThrow(/alg/);
});

it('accepts tokens signed with an RSA key, whether its PEM is SPKI or PKCS#1 ("BEGIN RSA PUBLIC KEY")', async () => {
  for (const key of [pem(rsa.publicKey), pem(rsa.publicKey, 'pkcs1')]) {
    const verifier = createTokenVerifier(config(key));
    await expect(verifier.verify(await token('RS256', rsa.privateKey))).resolves.toMatchObject({ subject: 'anna' });
    await expect(verifier.verify(await token('PS256', rsa.privateKey))).resolves.toMatchObject({ subject: 'anna' });
  }
});

it('stops the start with the setting named when the key cannot be used', () => {
  const unreadable = '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n';
  expect(() => createTokenVerifier(config(unreadable))).toThrow(ConfigError);
  expect(() => createTokenVerifier(config(unreadable))).toThrow(/^Invalid environment: AUTH_PUBLIC_KEY is not a public key in PEM form/);
  // A readable key of a curve no accepted algorithm uses.
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
  expect(() => createTokenVerifier(config(pem(p384)))).toThrow(/^Invalid environment: AUTH_PUBLIC_KEY holds a key of type ec \(secp384r1\); tokens are verified with RSA/);
});
