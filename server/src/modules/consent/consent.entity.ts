import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ConsentBasis, ConsentRecipientKind, ConsentScope } from './consent.enums';

/**
 * Samtykke eller hjemmel: one entry in the citizen's register (migration 29). Never deleted;
 * a withdrawal sets `withdrawnAt` and `withdrawnBy`.
 */
@ObjectType({ description: 'Samtykke eller hjemmel: hvad der deles, med hvem, på hvilket grundlag, givet og evt. tilbagekaldt hvornår.' })
@Entity({ name: 'consent_entry' })
export class ConsentEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Borgeren.' })
  @Column({ name: 'citizen_id', type: 'uuid' })
  citizenId: string;

  @Field(() => ID, { nullable: true, description: 'Planen, hvor det blev registreret.' })
  @Column({ name: 'plan_id', type: 'uuid', nullable: true })
  planId: string | null;

  @Field(() => ConsentScope, { description: 'Hvad der deles.' })
  @Column({ type: 'text' })
  scope: ConsentScope;

  @Field(() => ConsentRecipientKind, { description: 'Hvem der deles med.' })
  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind: ConsentRecipientKind;

  @Column({ name: 'recipient_unit_id', type: 'uuid', nullable: true })
  recipientUnitId: string | null;

  @Field(() => String, { nullable: true, description: 'Personens navn (netværksperson), fx "Hanne og Jens Hansen".' })
  @Column({ name: 'recipient_name', type: 'text', nullable: true })
  recipientName: string | null;

  @Field(() => String, { nullable: true, description: 'Relation til borgeren (netværksperson), fx "forældre".' })
  @Column({ name: 'recipient_relation', type: 'text', nullable: true })
  recipientRelation: string | null;

  /** The one mentor the citizen agreed to share with (migration 45); null: their mentor support, whoever the mentor is. */
  @Column({ name: 'recipient_mentor_id', type: 'uuid', nullable: true })
  recipientMentorId: string | null;

  @Field(() => ConsentBasis, { description: 'Grundlag: samtykke eller hjemmel.' })
  @Column({ type: 'text' })
  basis: ConsentBasis;

  @Field(() => String, { nullable: true, description: 'Hjemlen, fx "Retssikkerhedsloven §11 c" (kun for hjemmel).' })
  @Column({ name: 'legal_reference', type: 'text', nullable: true })
  legalReference: string | null;

  @Field({ description: 'Givet den (dato).' })
  @Column({ name: 'given_on', type: 'date' })
  givenOn: string;

  @Field({ description: 'Bemærkning.' })
  @Column({ type: 'text' })
  note: string;

  @Field({ description: 'Registreret.' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedById: string;

  @Field(() => Date, { nullable: true, description: 'Tilbagekaldt (tom: gælder stadig).' })
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true })
  withdrawnById: string | null;

  @Field(() => String, { nullable: true, description: 'Hvorfor det blev tilbagekaldt.' })
  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason: string | null;
}
