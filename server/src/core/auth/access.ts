import { createMethodMiddlewareDecorator } from 'type-graphql';
import { recordAuditWithCommit } from '../audit';
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

/**
 * As assertAccess, and a signed-in caller whose role the rule refuses leaves a DENIED row
 * (`CALL_OPERATION` on `Mutation.field`): such a call comes from no screen of theirs, so it is
 * probing or a misused token, and it must show in the log and count towards the review of
 * repeated refusals as a refused plan does. The row goes with the request's COMMIT, which a
 * refusal does not roll back; an anonymous caller has no one to log against.
 */
export async function enforceAccess(rule: AccessRule, ctx: RequestContext, field: string): Promise<Actor | null> {
  const actor = ctx.actor;
  if (rule.kind === 'ROLES' && actor && !rule.roles.includes(actor.role)) throw await refusedForRole(ctx, actor, field);
  return assertAccess(rule, ctx);
}

/**
 * The same refusal, logged the same way, for a use of a field its rule lets in but the role may
 * not make (`units(includeClosed: true)` but for an administrator): the error to throw.
 */
export async function refusedForRole(ctx: RequestContext, actor: Actor, field: string, message?: string): Promise<Error> {
  // Once per operation and field, as a refused field is: a document asking for it under many aliases is one attempt.
  let seen = refusedOperations.get(ctx);
  if (!seen) refusedOperations.set(ctx, (seen = new Set()));
  if (!seen.has(field)) {
    seen.add(field);
    await recordAuditWithCommit(ctx, {
      actor, action: 'CALL_OPERATION', entityType: 'OPERATION', entityId: field, citizenId: actor.citizenId ?? null, outcome: 'DENIED', detail: 'not for this role',
    });
  }
  return forbidden(message);
}

const refusedOperations = new WeakMap<object, Set<string>>();

/** Declares and enforces who may call a root field (query, mutation or subscription). */
export function Access(rule: AccessRule): MethodDecorator {
  const enforce = createMethodMiddlewareDecorator<RequestContext>(async ({ context, info }, next) => {
    await enforceAccess(rule, context, `${info.parentType.name}.${info.fieldName}`);
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
