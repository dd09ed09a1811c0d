import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { dtoShape, kindOf } from './dto-shape.js';
import { malformedBodies } from './malformed-bodies.js';
import { SeededRandom } from './seeded-random.js';

class ContactDto {
  @IsString()
  @MaxLength(20)
  phone!: string;
}

class ExampleDto {
  @IsString()
  @MaxLength(10)
  name!: string;

  @IsInt()
  @Min(0)
  @Max(5)
  count!: number;

  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: string;

  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  tags!: string[];

  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact!: ContactDto;
}

const valid = { name: 'ok', count: 1, kind: 'a', tags: ['x'], contact: { phone: '555' } };

describe('dtoShape', () => {
  it('reads fields, optionality, kinds and nested types from the decorators', () => {
    const shape = dtoShape(ExampleDto);
    expect(shape.fields.map((field) => [field.name, field.optional, kindOf(field)])).toEqual([
      ['name', false, 'string'],
      ['count', false, 'number'],
      ['kind', true, 'enum'],
      ['tags', false, 'array'],
      ['contact', false, 'object'],
    ]);
    expect(shape.fields[4].nested?.fields.map((field) => field.name)).toEqual(['phone']);
  });
});

describe('malformedBodies', () => {
  const cases = malformedBodies({
    dto: ExampleDto,
    validBody: valid,
    count: 400,
    random: new SeededRandom(1),
    bodyLimitBytes: 1000,
  });

  it('makes at least the number asked for, the same ones for the same seed', () => {
    expect(cases.length).toBe(400);
    const again = malformedBodies({
      dto: ExampleDto,
      validBody: valid,
      count: 400,
      random: new SeededRandom(1),
      bodyLimitBytes: 1000,
    });
    expect(again.map((c) => c.text)).toEqual(cases.map((c) => c.text));
  });

  it('never sends the valid body itself as JSON (only once as text/plain, which must be refused)', () => {
    const same = cases.filter((c) => c.text === JSON.stringify(valid));
    expect(same.map((c) => [c.description, c.contentType])).toEqual([['plain text instead of JSON', 'text/plain']]);
  });

  it('covers every field: missing, wrong type, out of bounds; nested fields; unknown and informant fields; non-JSON', () => {
    const descriptions = cases.map((c) => c.description);
    for (const expected of [
      'name missing',
      'name: 11 characters (max 10)',
      'count: above 5',
      'count: below 0',
      'count: not an integer',
      'kind: wrong type "definitely-not-a-member"',
      'tags: 4 elements',
      'contact.phone missing',
      'contact: wrong type []',
      'unknown field "informant"',
      'unknown field "contact.source"',
      '__proto__ with a polluting payload',
      'body over the limit',
    ]) {
      expect(descriptions).toContain(expected);
    }
    expect(descriptions).not.toContain('kind missing');
    expect(cases.find((c) => c.description === 'contact.phone missing')!.expectedFields).toEqual(['contact.phone']);
    expect(cases.filter((c) => c.description.startsWith('not JSON')).every((c) => c.expectedFields.length === 0)).toBe(
      true,
    );
  });

  it('expects only the gate fields of a combination that contains informant or prototype keys', () => {
    const combined = cases.filter((c) => c.description.includes(' + ') && c.description.includes('"informant"'));
    expect(combined.length).toBeGreaterThan(0);
    for (const c of combined) expect(c.expectedFields).not.toContain('name');
  });
});
