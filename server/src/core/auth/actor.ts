import type { DataSource } from 'typeorm';
import type { Role, UnitCode } from './roles';

/** The verified caller of a request: who, in which municipality and unit. */
export interface Actor {
  userId: string;
  username: string;
  name: string;
  role: Role;
  municipalityId: string;
  unitId: string | null;
  unitCode: UnitCode | null;
  /** Token expiry (seconds since epoch); a WebSocket is closed when it passes. */
  tokenExpiresAt?: number;
}

/**
 * The staff member behind a verified token subject, or null if unknown. Core verifies the
 * token; who the subject is comes from the module that owns the users (its manifest's
 * `loadActor`), so core does not read another module's tables.
 */
export type ActorLoader = (ds: DataSource, subject: string, tokenExpiresAt?: number) => Promise<Actor | null>;
