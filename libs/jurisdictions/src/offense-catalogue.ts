/** A citable offense: the code a protocol lists as divertible and screenings record. */
export interface Offense {
  code: string;
  state: string;
  citation: string;
  label: string;
  category:
    | 'drug_possession'
    | 'drug_paraphernalia'
    | 'drug_delivery_subsistence'
    | 'prostitution'
    | 'theft'
    | 'trespass'
    | 'public_order';
}

/** Offense codes by code, loaded from `config/offenses/<state>.json`. */
export type OffenseCatalogue = ReadonlyMap<string, Offense>;
