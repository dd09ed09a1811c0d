/** A versioned schema change. `sql` receives the quoted schema name; applied once, in version order. */
export interface Migration {
  version: number;
  name: string;
  sql(schema: string): string;
}
