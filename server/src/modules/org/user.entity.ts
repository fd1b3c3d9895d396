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

  @Field({ description: 'Brugernavn (the identity provider\'s subject for demo users).' })
  @Column({ type: 'text', unique: true })
  username: string;

  @Field({ description: 'Navn.' })
  @Column({ type: 'text' })
  name: string;

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
