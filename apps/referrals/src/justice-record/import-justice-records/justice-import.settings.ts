import { IsInt, Max, Min } from 'class-validator';

/** The justice import's limits, from the environment (validated at start-up, naming a bad setting). */
export class JusticeImportSettings {
  /** The largest body an import may send, in bytes (256 MiB): a larger one is refused with 413 as it streams. */
  @IsInt()
  @Min(1024)
  @Max(4 * 1024 ** 3)
  JUSTICE_IMPORT_MAX_BYTES: number = 256 * 1024 ** 2;

  /** How many refused rows the answer lists (all are counted). */
  @IsInt()
  @Min(0)
  @Max(100_000)
  JUSTICE_IMPORT_MAX_LISTED_REJECTIONS: number = 1000;

  /** The most distinct people outside LEAD one import may arrest (the time-to-re-arrest tally holds one entry each). */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  JUSTICE_IMPORT_MAX_COMPARISON_PEOPLE: number = 500_000;
}
