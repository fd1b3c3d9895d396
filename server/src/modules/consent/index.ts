/**
 * Samtykke og hjemmel: the citizen's register of what is shared, with whom and on which
 * basis, and the one policy that decides who sees a health or social intervention's details
 * (docs/domain.md, "Consent and legal basis").
 */
import type { ServerModule } from '../../core/module';
import { consentFieldGuard } from './consent-cut';
import { ConsentEntry } from './consent.entity';
import { consentLoaders } from './consent.loaders';
import { ActivityConsentResolver, ConsentResolver, InterventionConsentResolver, PlanConsentResolver } from './consent.resolver';
// Registers the hook that enters a new helhedsorienteret forløb's joint-plan consent in the register.
import './joint-plan-at-creation';

export { ConsentEntry } from './consent.entity';
export { ConsentBasis, ConsentRecipientKind, ConsentScope } from './consent.enums';
export {
  consentScopeSql, detailsVisible, DETAILS_WITHHELD_REASON, mayShareWithMentor, mentorConsentHeld, mentorMaySeeActivitySql, mentorShareRefusal, mentorsGrantedOn, type ActiveGrant, type MentorConsentPeriod,
} from './consent.policy';
export { consentEventView, isWithheld, WITHHELD_FIELDS } from './consent-cut';
export { loadActiveGrants, loadMentorConsentPeriods } from './consent.loaders';

export const consentModule: ServerModule = {
  name: 'consent',
  entities: [ConsentEntry],
  resolvers: [ConsentResolver, PlanConsentResolver, InterventionConsentResolver, ActivityConsentResolver],
  fieldGuards: [consentFieldGuard],
  loaders: consentLoaders,
};
