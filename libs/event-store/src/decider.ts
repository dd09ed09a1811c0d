/**
 * An aggregate as plain functions: `decide` turns a command and the current state into new events
 * (or throws `DomainRuleViolation`), `evolve` folds one event into the state. No I/O, no framework.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** A domain event as deciders see it: a `type` discriminator plus its payload. */
export interface DomainEvent {
  type: string;
}

/** A command breaks a business rule (answered 422 at the HTTP edge). `code` is stable for clients. */
export class DomainRuleViolation extends Error {
  override readonly name = 'DomainRuleViolation';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
