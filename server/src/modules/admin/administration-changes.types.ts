import { Field, ObjectType } from 'type-graphql';
import { Unit } from '../org';
import { StaffMember } from './staff.types';

@ObjectType({
  description:
    'En ændring i kommunens administration, som en administrator (også jeg i et andet vindue) har gemt: ' +
    'enheden eller medarbejderen, som de er nu. Med readAgain: hent enheder og medarbejdere igen.',
})
export class AdministrationChange {
  @Field(() => StaffMember, { nullable: true, description: 'Den ændrede eller inviterede medarbejder, som de er nu.' })
  staffMember: StaffMember | null;

  @Field(() => Unit, { nullable: true, description: 'Den ændrede eller oprettede enhed, som den er nu (også en lukket).' })
  unit: Unit | null;

  @Field({ description: 'Hent enheder og medarbejdere igen: først i abonnementet, og når ændringer kan være gået tabt undervejs.' })
  readAgain: boolean;
}
