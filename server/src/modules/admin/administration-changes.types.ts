import { Field, ObjectType } from 'type-graphql';
import { Unit } from '../org';
import { StaffMember } from './staff.types';

@ObjectType({
  description:
    'En ændring i kommunens administration, som en administrator (også jeg i et andet vindue) har gemt: ' +
    'enheden eller medarbejderen, som de er nu, og/eller en ny linje i administrationsloggen. Med readAgain: hent det hele igen.',
})
export class AdministrationChange {
  @Field(() => StaffMember, { nullable: true, description: 'Den ændrede eller inviterede medarbejder, som de er nu.' })
  staffMember: StaffMember | null;

  @Field(() => Unit, { nullable: true, description: 'Den ændrede eller oprettede enhed, som den er nu (også en lukket).' })
  unit: Unit | null;

  @Field({ description: 'Hent enheder, medarbejdere og administrationsloggen igen: først i abonnementet, og når ændringer kan være gået tabt undervejs.' })
  readAgain: boolean;

  @Field({ description: 'Administrationsloggen har fået en ny linje (en ændring, en afvist handling, et første eller afvist login): hent dens nyeste linjer igen.' })
  logChanged: boolean;
}
