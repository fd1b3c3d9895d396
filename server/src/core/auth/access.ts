import { createMethodMiddlewareDecorator } from 'type-graphql';
import type { RequestContext } from '../context';
import { forbidden, unauthenticated } from '../errors/app-errors';
import type { Actor } from './actor';
import { STAFF_ROLES, type Role } from './roles';

/**
 * Who may call a root field. Deny by default: a root field without a rule is a bug
 * that a test catches (access.test.ts walks the built schema).
 * Row-level rules (which plan, which intervention) live in each module's policy.
 */
export type AccessRule = { kind: 'PUBLIC' } | { kind: 'AUTHENTICATED' } | { kind: 'ROLES'; roles: Role[] };

export const Public: AccessRule = { kind: 'PUBLIC' };
export const Authenticated: AccessRule = { kind: 'AUTHENTICATED' };
export const Roles = (...roles: Role[]): AccessRule => ({ kind: 'ROLES', roles });
/** Coordinators and caseworkers: the rule of most case work. */
export const STAFF: AccessRule = Roles(...STAFF_ROLES);

/** Root-field name -> its rule. Root field names are unique across Query, Mutation and Subscription here. */
export const accessRules = new Map<string, AccessRule>();

/** Throws unless the actor passes the rule; returns the actor for rules that need one. */
export function assertAccess(rule: AccessRule, ctx: Pick<RequestContext, 'actor' | 'authFailure'>): Actor | null {
  if (rule.kind === 'PUBLIC') return ctx.actor;
  if (!ctx.actor) throw unauthenticated();
  if (rule.kind === 'ROLES' && !rule.roles.includes(ctx.actor.role)) throw forbidden();
  return ctx.actor;
}

/** Declares and enforces who may call a root field (query, mutation or subscription). */
export function Access(rule: AccessRule): MethodDecorator {
  const enforce = createMethodMiddlewareDecorator<RequestContext>(async ({ context }, next) => {
    assertAccess(rule, context);
    return next();
  });
  return (target, key, descriptor) => {
    accessRules.set(String(key), rule);
    return enforce(target, key, descriptor);
  };
}

/** The actor of a field that is guarded by a non-public rule. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}
