import { code, uuid } from '../schema/schema-builders.js';

/*
 * Fields several events share, so one wording describes them everywhere. Each call returns a fresh
 * schema object: the published JSON and the AsyncAPI document then repeat the field instead of
 * aliasing one object.
 */

export const referralId = () =>
  uuid('The referral: an id minted by the referrals service, linkable to a person only through its authorised API.');

export const caseId = () => uuid('The case, opened by case management for one accepted referral.');

export const matterId = () =>
  uuid('The prosecution matter: the prosecutor office’s record of one diverted arrest and its charge.');

export const agencyCode = (role: string) =>
  code(`${role}: the agency id from the jurisdiction's configuration (e.g. \`DPD\`, \`ARTS\`).`);

export const districtCode = () => code('The district the referral was made in, as the jurisdiction configures it.');

export const protocolVersion = () =>
  code('The diversion protocol version in force (jurisdiction configuration, e.g. `2018-07`), as adopted by the PCG.');

export const offenseCode = (when: string) =>
  code(
    `${when}: the offense code of the jurisdiction's offense catalogue (e.g. \`CO-18-18-403.5\`). Never a narrative.`,
  );
