import { Field, ObjectType } from 'type-graphql';
import { User } from '../org';

@ObjectType({ description: 'Ét ændret felt, som modtageren må se det.' })
export class FieldChange {
  @Field({ description: 'Feltets navn i API’et, fx "status" eller "hoursPerWeek".' })
  field: string;

  @Field({ description: 'Feltets navn på dansk, fx "Timer om ugen".' })
  label: string;

  @Field(() => String, { nullable: true, description: 'Værdien før, som den vises, fx "Planlagt" eller "3. marts 2026"; tom = ingen værdi.' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'Værdien efter, som den vises; tom = ingen værdi.' })
  after: string | null;
}

@ObjectType({ description: 'En andens gemte værdier, som denne gemning erstattede.' })
export class OverwrittenChange {
  @Field(() => User, { description: 'Hvis gemte værdi blev erstattet.' })
  user: User;

  @Field({ description: 'Løbenummeret på deres hændelse.' })
  seq: string;

  @Field(() => [String], { description: 'De erstattede felter, på dansk.' })
  fields: string[];
}
