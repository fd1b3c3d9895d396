import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'Borger: the citizen in a programme.' })
@Entity({ name: 'citizen' })
export class Citizen {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field({ description: 'Navn.' })
  @Column({ type: 'text' })
  name: string;

  /** Ten digits; the GraphQL field `cpr` shows it whole or masked by who asks (citizen.resolver.ts). Null only for a citizen registered before CPR numbers whose birth year no CPR number can express. */
  @Column({ type: 'text', nullable: true })
  cpr: string | null;

  @Field({ description: 'Fødselsdato (YYYY-MM-DD), udledt af CPR-nummeret.' })
  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Field(() => String, { nullable: true, description: 'Telefon.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Adresse.' })
  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** The caseworker who registered the citizen (null for citizens registered before this was kept). */
  @Column({ name: 'registered_by', type: 'uuid', nullable: true })
  registeredById: string | null;

  @Field(() => Int, { description: 'Version af borgerens oplysninger: kontaktoplysninger, CPR-nummer og adgang til Min plan (optimistisk samtidighed).' })
  @Column({ type: 'int', default: 1 })
  version: number;

  /** When the contact details were last changed, and by whom (null: as registered). */
  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedById: string | null;

  /** When the coordinator closed the citizen's access to Min plan, and who (null: open): no sign-in binds a login to them meanwhile (citizen-sign-in.ts). */
  @Column({ name: 'sign_in_closed_at', type: 'timestamptz', nullable: true })
  signInClosedAt: Date | null;

  @Column({ name: 'sign_in_closed_by', type: 'uuid', nullable: true })
  signInClosedById: string | null;
}
