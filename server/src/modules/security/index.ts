/** Security review: accounts flagged for repeated denied accesses. */
export { AccountReviewFlag, AccountDenial } from './account-flag.types';
import { AccountFlagResolver } from './account-flag.resolver';
import type { ServerModule } from '../../core/module';

export const securityResolvers = [AccountFlagResolver] as const;

export const securityModule: ServerModule = { name: 'security', resolvers: securityResolvers };
