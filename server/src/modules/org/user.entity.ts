import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './org.enums';

@ObjectType({ description: 'Bruger: a member of staff (or an external mentor) who signs in.' })
@Entity({ name: 'app_user' })
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  /** Shown through UserResolver.username: a citizen's is their MitID login, for no one but them. */
  @Column({ type: 'text' })
  username: string;

  /** The identity provider's subject; null until an invitation by e-mail is bound at the first sign-in (migration 1700000000017). */
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  /** Lower-case e-mail address, unique within the municipality; a token carrying it binds the invitation. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'invited_at', type: 'timestamptz' })
  invitedAt: Date;

  /** The first sign-in; null while the user is only invited. */
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Field({ description: 'Navn.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Arbejdstelefon: det nummer, borgeren ringer til om sin plan.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => Role, { description: 'Rolle.' })
  @Column({ type: 'text' })
  role: Role;

  /** Forvaltning; null for leaders across units and for external mentors. */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  /** Set when the user is deactivated: their tokens are refused, their open sockets closed (migration 1700000000015). */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;
}
