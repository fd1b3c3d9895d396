import { Role, UnitCode } from '../../modules/org/org.enums';

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
