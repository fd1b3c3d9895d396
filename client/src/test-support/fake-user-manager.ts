import type { User, UserManager } from 'oidc-client-ts';

/** A stand-in for oidc-client-ts's UserManager: each renewal answers with the next outcome queued. */
export function fakeManager(first: User) {
  const renewals: Array<User | Error> = [];
  const popups: User[] = [];
  const manager = {
    getUser: jest.fn(async () => first),
    signinSilent: jest.fn(async () => {
      const next = renewals.shift();
      if (!next || next instanceof Error) throw next ?? new Error('nothing queued');
      return next;
    }),
    signinPopup: jest.fn(async () => popups.shift()!),
    signoutRedirect: jest.fn(async () => undefined),
    removeUser: jest.fn(async () => undefined),
  };
  return { manager: manager as unknown as UserManager, renewals, popups, mock: manager };
}

export const userWith = (token: string, sub: string, lifeSeconds: number) =>
  ({ access_token: token, profile: { sub }, expires_at: Math.floor(Date.now() / 1000) + lifeSeconds, expired: false }) as unknown as User;

/** The sign-in's settings with an identity provider, as GET /auth/config gives them. */
export const OIDC = { mode: 'oidc' as const, issuer: 'http://idp.example', clientId: 'samplan-web', scope: 'openid', audience: 'api://samplan' };
