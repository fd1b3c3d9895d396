/**
 * Who a caller is, as access rules see it: their role, and the kind of unit they work in.
 * These live in core because the access rules (access.ts) and the actor (actor.ts) are
 * core's; the org module registers them as the GraphQL enums `Role` and `UnitCode`
 * (modules/org/org.enums.ts).
 */

/** The municipal units (forvaltninger) that deliver interventions. */
export enum UnitCode {
  JOBCENTER = 'JOBCENTER',
  SOCIAL = 'SOCIAL',
  HEALTH = 'HEALTH',
}

/** What a person does in the product. Coordinating a case comes from an assignment, not the role. */
export enum Role {
  /** Koordinerende sagsbehandler: usually coordinates cases, and is a caseworker of their unit. */
  COORDINATOR = 'COORDINATOR',
  /** Sagsbehandler in a unit (jobcenter, social, health). */
  CASEWORKER = 'CASEWORKER',
  /** Mentor: scoped access through mentor grants (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8 og 7). */
  MENTOR = 'MENTOR',
  /** Teamleder/chef: key figures only. */
  LEADER = 'LEADER',
}

/** Staff who work on cases: coordinators and caseworkers (not mentors, not leaders). */
export const STAFF_ROLES: readonly Role[] = [Role.COORDINATOR, Role.CASEWORKER];
