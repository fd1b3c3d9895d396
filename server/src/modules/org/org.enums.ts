import { registerEnumType } from 'type-graphql';
import { Role, UnitKind } from '../../core/auth/roles';

/** Core's access vocabulary (core/auth/roles.ts), as the GraphQL enums the API shows. */
export { Role, UnitKind };

/** A unit kind as a Danish word, in the API's labels and in the administration log. */
export const UNIT_KIND_LABEL: Record<UnitKind, string> = {
  [UnitKind.EMPLOYMENT]: 'Beskæftigelse',
  [UnitKind.SOCIAL]: 'Social',
  [UnitKind.HEALTH]: 'Sundhed',
};

const UNIT_KIND_WORK: Record<UnitKind, string> = {
  [UnitKind.EMPLOYMENT]: 'Beskæftigelses- og uddannelsesindsatser, og afgørelser efter beskæftigelseslovgivningen',
  [UnitKind.SOCIAL]: 'Sociale indsatser',
  [UnitKind.HEALTH]: 'Sundhedsindsatser',
};

registerEnumType(UnitKind, {
  name: 'UnitKind',
  description: 'The kind of a municipal unit: which intervention module its staff use and which fields they see.',
  // The first sentence is the label the client shows (client/codegen/enum-labels.ts).
  valuesConfig: Object.fromEntries(Object.values(UnitKind).map((k) => [k, { description: `${UNIT_KIND_LABEL[k]}. ${UNIT_KIND_WORK[k]}.` }])),
});

registerEnumType(Role, {
  name: 'Role',
  description: 'Rolle: what a user does in Samplan.',
  valuesConfig: {
    CASEWORKER: { description: 'Sagsbehandler (i en forvaltning).' },
    MENTOR: { description: 'Mentor.' },
    LEADER: { description: 'Leder (teamleder eller chef).' },
    ADMINISTRATOR: { description: 'Administrator (kommunens enheder og medarbejdere).' },
    CITIZEN: { description: 'Borger (ser og skriver i sin egen plan).' },
  },
});
