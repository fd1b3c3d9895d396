import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'Kommune: a municipality; all data belongs to exactly one.' })
@Entity({ name: 'municipality' })
export class Municipality {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Kommunenummer (e.g. "0430").' })
  @Column({ type: 'text', unique: true })
  code: string;

  @Field({ description: 'Kommunens navn.' })
  @Column({ type: 'text' })
  name: string;
}
