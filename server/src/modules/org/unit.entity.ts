import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UnitCode } from './org.enums';

@ObjectType({ description: 'Forvaltning: a municipal unit (jobcenter, social services, health).' })
@Entity({ name: 'unit' })
export class Unit {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => UnitCode, { description: 'Forvaltningens kode.' })
  @Column({ type: 'text' })
  code: UnitCode;

  @Field({ description: 'Forvaltningens navn, e.g. "Socialforvaltningen".' })
  @Column({ type: 'text' })
  name: string;
}
