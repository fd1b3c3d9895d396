import type { Actor } from '../../core/auth/actor';
import type { RequestContext } from '../../core/context';
import type { Role } from '../org/org.enums';
import type { PlanAccess } from '../plan';

/** An event as a receiver-specific view needs it. */
export interface RoleEventLike {
  kind: string;
  planId: string;
  municipalityId: string;
  at: Date;
  payload: { entity?: Record<string, unknown>; changes?: unknown };
}

/**
 * How the live module delivers to a role that is not staff and not a mentor (the citizen):
 * the module owning that role's view registers it from its manifest, so live does not
 * import it (that module may import live's dependents). Deny by default: a role without a
 * registered view, other than staff and mentor, receives nothing.
 */
export interface RoleEventView {
  /** May this actor receive this event (plan, record kind, changed fields)? */
  mayReceive(actor: Actor, event: RoleEventLike, access: PlanAccess | null): boolean;
  /**
   * The record cut to the role's own types, the sentence the role reads, and whether who made the change is left out (`actor` and `unit` null).
   * With no record, `valuesOf` names the changed fields the role is still told before and after, as fields of one of its types.
   */
  view(event: RoleEventLike): { entity: (Record<string, unknown> & { __typename: string }) | null; summary: string; anonymous?: boolean; valuesOf?: { typeName: string; fields: readonly string[] } };
  /** Which fields of the role's record types may be named in `changes`. */
  allowed(typeName: string): readonly string[];
  /** The gate into a plan's stream: throws NOT_FOUND (audited) unless the actor may follow it; returns its citizen. */
  guardSubscribe(ctx: RequestContext, planId: string): Promise<{ citizenId: string }>;
}

const views = new Map<Role, RoleEventView>();

export function registerRoleEventView(role: Role, view: RoleEventView): void {
  views.set(role, view);
}

export function roleEventView(role: Role | undefined): RoleEventView | undefined {
  return role === undefined ? undefined : views.get(role);
}
