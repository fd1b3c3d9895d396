import { IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsIsoDay, MaxChars, TEXT_LIMITS } from '../../core/validation';
import { ConsentBasis, ConsentRecipientKind, ConsentScope } from './consent.enums';

@InputType({ description: 'Registrér et samtykke eller en hjemmel (kun den koordinerende sagsbehandler).' })
export class RecordConsentInput {
  @Field(() => ID, { description: 'Planen (borgeren er planens).' })
  @IsUUID('all', { message: 'Ukendt plan.' })
  planId: string;

  @Field(() => ConsentScope, { description: 'Hvad der deles.' })
  scope: ConsentScope;

  @Field(() => ConsentRecipientKind, { description: 'Hvem der deles med.' })
  recipientKind: ConsentRecipientKind;

  @Field(() => ID, { nullable: true, description: 'Enheden (kun når der deles med én enhed).' })
  @IsOptional()
  @IsUUID('all', { message: 'Vælg en enhed.' })
  recipientUnitId?: string | null;

  @Field(() => String, { nullable: true, description: 'Personens navn (netværksperson).' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: `Navnet må højst være ${TEXT_LIMITS.title} tegn.` })
  recipientName?: string | null;

  @Field(() => String, { nullable: true, description: 'Relation til borgeren (netværksperson), fx "forældre".' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: `Relationen må højst være ${TEXT_LIMITS.title} tegn.` })
  recipientRelation?: string | null;

  @Field(() => ID, { nullable: true, description: 'Den ene mentor, borgeren har sagt ja til at dele med (kun ved mentor; tom: borgerens mentorstøtte, hvem der end er mentor).' })
  @IsOptional()
  @IsUUID('all', { message: 'Vælg en mentor i kommunen.' })
  recipientMentorId?: string | null;

  @Field(() => ConsentBasis, { description: 'Samtykke eller hjemmel.' })
  basis: ConsentBasis;

  @Field(() => String, { nullable: true, description: 'Hjemlen (påkrævet ved hjemmel), fx "Retssikkerhedsloven §11 c".' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: `Hjemlen må højst være ${TEXT_LIMITS.title} tegn.` })
  legalReference?: string | null;

  @Field({ description: 'Givet den (ÅÅÅÅ-MM-DD).' })
  @IsIsoDay()
  givenOn: string;

  @Field(() => String, { nullable: true, description: 'Bemærkning.' })
  @IsOptional()
  @MaxChars(2000, { trimmed: true, message: 'Bemærkningen må højst være 2000 tegn.' })
  note?: string | null;
}

@InputType({ description: 'Tilbagekald et samtykke eller en hjemmel (kun den koordinerende sagsbehandler).' })
export class WithdrawConsentInput {
  @Field(() => ID, { description: 'Posten i registret.' })
  @IsUUID('all', { message: 'Ukendt samtykke.' })
  id: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Planen, hvis register posten tilbagekaldes fra (borgerens register gælder alle borgerens planer). Uden: planen, posten blev registreret i.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'Ukendt plan.' })
  planId?: string | null;

  @Field(() => String, { nullable: true, description: 'Hvorfor (fx "Borgeren trak sit samtykke tilbage i telefonen").' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { trimmed: true, message: `Begrundelsen må højst være ${TEXT_LIMITS.short} tegn.` })
  reason?: string | null;
}
