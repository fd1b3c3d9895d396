import { registerEnumType } from 'type-graphql';

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

registerEnumType(UnitCode, {
  name: 'UnitCode',
  description: 'Forvaltning: the municipal unit that delivers an intervention.',
  valuesConfig: {
    JOBCENTER: { description: 'Jobcenteret (beskæftigelse og uddannelse).' },
    SOCIAL: { description: 'Socialforvaltningen.' },
    HEALTH: { description: 'Sundhedsforvaltningen.' },
  },
});

registerEnumType(Role, {
  name: 'Role',
  description: 'Rolle: what a user does in Samplan.',
  valuesConfig: {
    COORDINATOR: { description: 'Koordinerende sagsbehandler.' },
    CASEWORKER: { description: 'Sagsbehandler i en forvaltning.' },
    MENTOR: { description: 'Mentor.' },
    LEADER: { description: 'Leder (teamleder eller chef).' },
  },
});
