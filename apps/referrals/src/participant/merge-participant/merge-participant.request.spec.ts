import { latestContract, type JsonSchema } from '@lead/contracts';
import { createValidationPipe } from '@lead/platform';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { randomUUID } from 'node:crypto';
import { RecordReferralRequest } from '../../referral/record-referral/record-referral.request.js';
import { MergeParticipantRequest } from './merge-participant.request.js';

/** The published field's own schema: what the contract accepts there. */
function contractField(type: string, field: string): (value: unknown) => boolean {
  const schema = latestContract(type)!.schema as JsonSchema & { properties: Record<string, JsonSchema> };
  return new Ajv2020({ strict: false }).compile(schema.properties[field]!);
}

async function refusedFields(metatype: new () => object, body: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
    return [];
  } catch (error) {
    return ((error as { problem?: { errors?: Array<{ field: string }> } }).problem?.errors ?? []).map((e) => e.field);
  }
}

describe('request DTOs refuse identifiers the contracts would refuse (libs/contracts identifiers)', () => {
  it('a merge reason code', async () => {
    const publishable = contractField('lead.participant.merged', 'reasonCode');
    for (const reasonCode of ['_same_person', 'same person', 'same@person', 'a'.repeat(65), '']) {
      expect({ reasonCode, publishable: publishable(reasonCode) }).toEqual({ reasonCode, publishable: false });
      expect(await refusedFields(MergeParticipantRequest, { into: randomUUID(), reasonCode })).toEqual(['reasonCode']);
    }
    expect(await refusedFields(MergeParticipantRequest, { into: randomUUID(), reasonCode: 'name_misspelt' })).toEqual(
      [],
    );
  });

  it('a referral’s district and offense code', async () => {
    const district = contractField('lead.referral.recorded', 'district');
    const offenseCode = contractField('lead.referral.recorded', 'offenseCode');
    for (const code of ['_6', '-6', 'District 6', '6'.repeat(65)]) {
      expect([district(code), offenseCode(code)]).toEqual([false, false]);
      const fields = await refusedFields(RecordReferralRequest, {
        door: 'arrest_diversion',
        jurisdiction: 'denver',
        district: code,
        referredAt: '2025-03-04T21:15:00Z',
        area: 'D6',
        offense: { code, probableCause: 'Observed' },
        person: { givenName: 'A', familyName: 'B', dateOfBirth: '1986-09-17' },
        screening: {
          deliveryForProfit: false,
          exploitingMinors: false,
          promotingProstitution: false,
          violentHistory: [],
          activeProtectiveOrder: false,
          pendingTreatmentCourtCase: false,
          amenable: true,
        },
      });
      expect(fields.sort()).toEqual(['district', 'offense.code']);
    }
  });
});
