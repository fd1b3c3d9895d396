import { buildSchema } from 'graphql';
import { enumLabels, labelOfDescription, labelsName } from '../../codegen/enum-labels';
import { GOAL_KIND_LABELS, label, MEETING_MODE_LABELS, roleLabel, SUB_GOAL_STATUS_LABELS } from './labels';

describe('enum labels from the schema (codegen/enum-labels.ts)', () => {
  it('a label is the description without its parenthesis and full stop', () => {
    expect(labelOfDescription('Fremmøde.')).toBe('Fremmøde');
    expect(labelOfDescription('Telefon (muligt når borgeren er i et beskæftigelsestilbud, STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).')).toBe('Telefon');
    expect(labelOfDescription('Video. Tæller som samtale (lov nr. 295 af 20. marts 2023).')).toBe('Video');
    expect(labelOfDescription('Reglerne fra 1. februar 2026 (lov nr. 1750 af 29. december 2025).')).toBe('Reglerne fra 1. februar 2026');
    expect(labelOfDescription('Andel i virksomhedsrettet indsats (grundelement 9; borgerpjece (måltal 30 %)).')).toBe('Andel i virksomhedsrettet indsats');
    expect(labelOfDescription('0–100 %.')).toBe('0–100 %');
    expect(labelsName('ProgrammeType')).toBe('PROGRAMME_TYPE_LABELS');
    expect(labelsName('UnitKind')).toBe('UNIT_KIND_LABELS');
  });

  it('labels fully described enums, passes over undescribed ones, and names half-described ones', () => {
    const schema = buildSchema(`
      type Query { a: Shown, b: Internal, c: Half }
      enum Shown {
        "Aktiv."
        ACTIVE
        "Afsluttet (efter reglerne)."
        ENDED
      }
      enum Internal { X Y }
      enum Half {
        "Ja."
        YES
        NO
      }
    `);
    const { enums, notes } = enumLabels(schema);
    expect(enums.map((e) => [e.type.name, e.labels])).toEqual([['Shown', [['ACTIVE', 'Aktiv'], ['ENDED', 'Afsluttet']]]]);
    expect(notes).toContainEqual('Half: no labels, as NO has no description');
  });

  it('takes the label from the description, before any parenthesis', () => {
    const schema = buildSchema(`
      type Query { s: WarningSeverity }
      enum WarningSeverity {
        "Handl nu (handl inden fristen)."
        WARNING
        "Overskredet (fristen er passeret)."
        OVERDUE
      }
    `);
    expect(enumLabels(schema).enums[0]!.labels).toEqual([['WARNING', 'Handl nu'], ['OVERDUE', 'Overskredet']]);
  });
});

describe('labels on screen', () => {
  it('are the schema’s words, as the screens have shown them', () => {
    expect(MEETING_MODE_LABELS.PHONE).toBe('Telefon');
    expect(SUB_GOAL_STATUS_LABELS.ACTIVE).toBe('I gang');
    expect(GOAL_KIND_LABELS.JOB).toBe('Konkret job');
    expect(roleLabel('CASEWORKER')).toBe('Sagsbehandler');
    expect(roleLabel('ADMINISTRATOR')).toBe('Administrator');
    expect(label(MEETING_MODE_LABELS, null)).toBe('');
  });
});
