/**
 * Who a caller is, as access rules see it: their role, and the kind of unit they work in.
 * These live in core because the access rules (access.ts) and the actor (actor.ts) are
 * core's; the org module registers them as the GraphQL enums `Role` and `UnitKind`
 * (modules/org/org.enums.ts).
 */

/**
 * The kind of a municipal unit: which intervention module its staff use and which fields
 * they see. A municipality organises its own units and may have several of one kind.
 */
export enum UnitKind {
  EMPLOYMENT = 'EMPLOYMENT',
  SOCIAL = 'SOCIAL',
  HEALTH = 'HEALTH',
}

/** What a person does in the product. Coordinating a case comes from an assignment, not the role. */
export enum Role {
  /**
   * Sagsbehandler in a unit. Any caseworker may be made koordinerende sagsbehandler of a
   * programme, whatever their unit (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1):
   * that is the coordinator assignment (Plan.myStanding), not a role.
   */
  CASEWORKER = 'CASEWORKER',
  /** Mentor: scoped access through mentor grants (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8 og 7). */
  MENTOR = 'MENTOR',
  /** Teamleder/chef: key figures only. */
  LEADER = 'LEADER',
  /** Administrator of the municipality's own organisation: units and staff, no citizen data. */
  ADMINISTRATOR = 'ADMINISTRATOR',
  /**
   * The citizen the plan is for, signed in to their own plan only (in real use through a
   * MitID broker). Their account is bound to one citizen (`Actor.citizenId`); what they may
   * read is held to the citizen allow-list, as a mentor's is to theirs.
   */
  CITIZEN = 'CITIZEN',
}

/** Staff who work on cases: caseworkers, coordinating or not (not mentors, leaders or administrators). */
export const STAFF_ROLES: readonly Role[] = [Role.CASEWORKER];
