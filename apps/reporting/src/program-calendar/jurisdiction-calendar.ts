import type { JurisdictionRegistry } from '@lead/jurisdictions';

/**
 * The local days of each jurisdiction: a report's month, quarter or year is the program's, not UTC's, so an arrest at
 * 23:30 in Denver on 31 March counts in March. The zone is the one the jurisdiction's latest protocol names (a place
 * does not move; the registry answers it for versions that name none).
 */
export class JurisdictionCalendar {
  private readonly formats = new Map<string, Intl.DateTimeFormat>();

  constructor(private readonly registry: JurisdictionRegistry) {}

  timeZoneOf(jurisdiction: string): string {
    const latest = this.registry.versionsOf(jurisdiction).at(-1);
    if (!latest) throw new UnknownJurisdiction(jurisdiction);
    return this.registry.timeZoneOf(jurisdiction, latest.version);
  }

  /** `YYYY-MM-DD` of an instant in the jurisdiction's zone. */
  readonly localDayOf = (jurisdiction: string, instant: string): string => {
    let format = this.formats.get(jurisdiction);
    if (!format) {
      // en-CA formats a date as YYYY-MM-DD.
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone: this.timeZoneOf(jurisdiction),
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      this.formats.set(jurisdiction, format);
    }
    return format.format(new Date(instant));
  };
}

/** An event of a jurisdiction this deployment has no configuration for: its days cannot be reckoned. */
export class UnknownJurisdiction extends Error {
  constructor(readonly jurisdiction: string) {
    super(`jurisdiction ${jurisdiction} is not configured here (config/jurisdictions): its local days are unknown`);
  }
}
