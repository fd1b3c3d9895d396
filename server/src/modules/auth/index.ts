export { AuthPayload, DemoAuthResolver } from './demo-auth.resolver';
