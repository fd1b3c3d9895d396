/** Security review: accounts flagged for repeated denied accesses (issue 8). */
export { AccountReviewFlag, AccountDenial } from './account-flag.types';
import { AccountFlagResolver } from './account-flag.resolver';

export const securityResolvers = [AccountFlagResolver] as const;
