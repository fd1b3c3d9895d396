import { registerEnumType } from 'type-graphql';

/** What a consent or legal basis shares. */
export enum ConsentScope {
  HEALTH_DETAILS = 'HEALTH_DETAILS',
  SOCIAL_DETAILS = 'SOCIAL_DETAILS',
  JOINT_PLAN = 'JOINT_PLAN',
}

export const CONSENT_SCOPE_LABEL: Record<ConsentScope, string> = {
  HEALTH_DETAILS: 'Sundhedsoplysninger',
  SOCIAL_DETAILS: 'Sociale oplysninger',
  JOINT_PLAN: 'Den fælles plan',
};

/** With whom it is shared. */
export enum ConsentRecipientKind {
  UNIT = 'UNIT',
  WHOLE_TEAM = 'WHOLE_TEAM',
  GP = 'GP',
  NETWORK_PERSON = 'NETWORK_PERSON',
  MENTOR = 'MENTOR',
}

export const CONSENT_RECIPIENT_LABEL: Record<ConsentRecipientKind, string> = {
  UNIT: 'En enhed i kommunen',
  WHOLE_TEAM: 'Hele teamet',
  GP: 'Egen læge',
  NETWORK_PERSON: 'En person i netværket',
  MENTOR: 'Mentor ved møder',
};

/** On which basis: the citizen's consent, or a legal basis that allows sharing without it. */
export enum ConsentBasis {
  CONSENT = 'CONSENT',
  LEGAL_BASIS = 'LEGAL_BASIS',
}

export const CONSENT_BASIS_LABEL: Record<ConsentBasis, string> = {
  CONSENT: 'Samtykke',
  LEGAL_BASIS: 'Hjemmel',
};

const described = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, { description: `${v}.` }]));

registerEnumType(ConsentScope, { name: 'ConsentScope', description: 'Hvad samtykket eller hjemlen deler.', valuesConfig: described(CONSENT_SCOPE_LABEL) });
registerEnumType(ConsentRecipientKind, { name: 'ConsentRecipientKind', description: 'Hvem der deles med.', valuesConfig: described(CONSENT_RECIPIENT_LABEL) });
registerEnumType(ConsentBasis, { name: 'ConsentBasis', description: 'Grundlaget: borgerens samtykke eller en hjemmel i loven.', valuesConfig: described(CONSENT_BASIS_LABEL) });
