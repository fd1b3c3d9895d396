import { registerEnumType } from 'type-graphql';
import { Role, UnitCode } from '../../core/auth/roles';

/** Core's access vocabulary (core/auth/roles.ts), as the GraphQL enums the API shows. */
export { Role, UnitCode };

registerEnumType(UnitCode, {
  name: 'UnitCode',
  description: 'Forvaltning: the municipal unit that delivers an intervention.',
  valuesConfig: {
    JOBCENTER: { description: 'Jobcenter (beskæftigelse og uddannelse).' },
    SOCIAL: { description: 'Socialforvaltningen.' },
    HEALTH: { description: 'Sundhedsforvaltningen.' },
  },
});

registerEnumType(Role, {
  name: 'Role',
  description: 'Rolle: what a user does in Samplan.',
  valuesConfig: {
    COORDINATOR: { description: 'Koordinerende sagsbehandler.' },
    CASEWORKER: { description: 'Sagsbehandler (i en forvaltning).' },
    MENTOR: { description: 'Mentor.' },
    LEADER: { description: 'Leder (teamleder eller chef).' },
  },
});
