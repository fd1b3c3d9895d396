import type { Role } from '../../gql/graphql';

/** Roles as users call them (server: modules/org/org.enums.ts). */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  COORDINATOR: 'Koordinerende sagsbehandler',
  CASEWORKER: 'Sagsbehandler',
  MENTOR: 'Mentor',
  LEADER: 'Leder',
};

export function roleLabel(role: Role | null | undefined): string {
  return role ? (ROLE_LABELS[role] ?? role) : '';
}
