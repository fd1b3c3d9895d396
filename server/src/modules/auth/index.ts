export { AuthPayload, DemoAuthResolver } from './demo-auth.resolver';
import type { ServerModule } from '../../core/module';
import { DemoAuthResolver } from './demo-auth.resolver';

/**
 * The module decides what it adds to the schema: demo login (devLogin, demoUsers) only in
 * demo mode. Outside it the fields do not exist at all, so an anonymous caller cannot even
 * ask which users there are.
 */
export const authResolvers = (options: { demo: boolean }): Function[] => (options.demo ? [DemoAuthResolver] : []);

/** Demo login: resolvers only (the users are the org module's). */
export const authModule: ServerModule = { name: 'auth', resolvers: authResolvers };
