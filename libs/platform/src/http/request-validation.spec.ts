import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { createValidationPipe } from './request-validation.js';
import { ProblemException } from './problem-details.js';

class ContactDto {
  @IsString()
  phone!: string;
}

class PersonDto {
  @IsString()
  name!: string;

  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts!: ContactDto[];
}

async function problemFor(value: unknown) {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: PersonDto });
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('createValidationPipe', () => {
  it('names fields inside arrays by index', async () => {
    const problem = await problemFor({ name: 'A', contacts: [{ phone: '1' }, { phone: 2, fax: '3' }] });
    expect(problem.errors).toHaveLength(2);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'contacts.1.phone', messages: ['phone must be a string'] },
        { field: 'contacts.1.fax', messages: ['property fax should not exist'] },
      ]),
    );
    expect(problem).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/^Invalid fields: contacts\.1\.(phone|fax), contacts\.1\.(phone|fax)$/),
    });
  });

  it('reports a body that is not an object as a problem of the body itself', async () => {
    const problem = await problemFor('just a string');
    expect(problem.status).toBe(400);
    expect(problem.errors!.length).toBeGreaterThan(0);
  });
});
