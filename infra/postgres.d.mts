// Types of postgres.mjs for the TypeScript tests that start a PostgreSQL cluster of their own.
export function redact(url: string): string;
export function probe(url: string, timeoutMs?: number): Promise<string | null>;
export function ensurePostgres(options?: { persistent?: boolean; quiet?: boolean }): Promise<string>;
export function stopPostgres(): Promise<void>;
