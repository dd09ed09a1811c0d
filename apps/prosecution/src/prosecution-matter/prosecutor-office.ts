import type { JurisdictionRegistry } from '@lead/jurisdictions';

/**
 * Whether `agency` is a prosecutor office of the matter's jurisdiction: by the protocol version in force now, else
 * the matter's own version. Never as of a time the caller picks: a backdated decision must not select an older
 * agency list.
 */
export function isProsecutorOffice(
  jurisdictions: JurisdictionRegistry,
  matter: { jurisdiction: string; protocolVersion: string },
  agency: string,
  now: Date,
): boolean {
  const protocol =
    jurisdictions.protocolInForce(matter.jurisdiction, now) ??
    jurisdictions.version(matter.jurisdiction, matter.protocolVersion);
  return protocol?.agencies.some((a) => a.id === agency && a.kind === 'prosecutor') ?? false;
}
