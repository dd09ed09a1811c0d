import type { JurisdictionRegistry, Protocol } from '@lead/jurisdictions';
import { localDayOf } from '../prosecution-matter/intake-deadline/local-calendar.js';
import type { ActingOffice } from './participant-coordination.commands.js';

/**
 * The protocol version in force now in the jurisdiction: which agencies are prosecutor offices, which one is the
 * liaison, what termination criteria the DA adopted. Never as of a time the caller picks (a backdated decision must
 * not select an older agency list or older criteria).
 */
export function protocolNow(
  jurisdictions: JurisdictionRegistry,
  jurisdiction: string,
  now: Date,
): Protocol | undefined {
  return jurisdictions.protocolInForce(jurisdiction, now) ?? jurisdictions.versionsOf(jurisdiction).at(-1);
}

/** The caller's office as the jurisdiction's configuration describes it. */
export function actingOffice(
  protocol: Protocol | undefined,
  caller: { subject: string; agency: string },
): ActingOffice {
  const agency = protocol?.agencies.find((a) => a.id === caller.agency && a.kind === 'prosecutor');
  return {
    subject: caller.subject,
    agency: caller.agency,
    isProsecutorOffice: agency !== undefined,
    isLiaison: agency?.liaison === true,
  };
}

/** The jurisdiction's liaison prosecutor office (`liaison: true`), if its protocol names one. */
export function liaisonOffice(protocol: Protocol | undefined): string | undefined {
  return protocol?.agencies.find((a) => a.kind === 'prosecutor' && a.liaison === true)?.id;
}

/** The local day of an instant in the jurisdiction (its protocol's time zone). */
export function localDay(jurisdictions: JurisdictionRegistry, protocol: Protocol, instant: Date | string): string {
  return localDayOf(instant, jurisdictions.timeZoneOf(protocol.jurisdiction, protocol.version));
}
