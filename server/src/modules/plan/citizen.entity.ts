import { Field, ID, ObjectType } from 'type-graphql';
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

  @Field({ description: 'Fødselsdato (YYYY-MM-DD).' })
  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Field(() => String, { nullable: true, description: 'Telefon.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Adresse.' })
  @Column({ type: 'text', nullable: true })
  address: string | null;
}
