import { DomainRuleViolation, type Decider, type DomainEvent } from '@lead/event-store';

/** What a decider did with the command: the events it decided, or what it threw. */
type Outcome<Event> = { events: Event[] } | { thrown: unknown };

/** Then: the decision checked, as a Jest expectation. */
export interface DeciderThen<State, Event> {
  /** Exactly these events, in this order. */
  then(expected: Event[]): void;
  /** As many events as given, each containing the given fields (Jest `toMatchObject`). */
  thenMatches(expected: Array<Partial<Event> | Record<string, unknown>>): void;
  /** Nothing decided: the command was already applied (a redelivery, a repeated note). */
  thenNothing(): void;
  /** A `DomainRuleViolation` with this stable code, and these details when given. */
  thenThrows(code: string, details?: Record<string, unknown>): void;
  /** The state after the given events and the decided ones (the decision must not throw). */
  thenState(expected: State | ((state: State) => void)): void;
  /** The decided events, for a further `given` (the decision must not throw). */
  readonly events: Event[];
}

export interface DeciderGiven<Command, State, Event> {
  /** The state the given events fold to. */
  readonly state: State;
  when(command: Command): DeciderThen<State, Event>;
}

export interface DeciderSpec<Command, State, Event> {
  /** The stream so far: the events already recorded, oldest first. */
  given(events?: readonly Event[]): DeciderGiven<Command, State, Event>;
  /**
   * The events these commands decide one after another from the initial state: a history built from commands, so
   * a spec's `given` reads as what happened rather than as hand-written event payloads.
   */
  eventsOf(...commands: Command[]): Event[];
}

/**
 * Given / when / then over a decider (in the spirit of Emmett's `DeciderSpecification`): given the events of a
 * stream, when a command is decided on the state they fold to, then these events, nothing, or a rule broken with
 * its stable code. Pure: no store, no handler.
 *
 * ```ts
 * const spec = DeciderSpecification.for(referralDecider);
 * spec.given([recorded, offerAccepted]).when(answerOffer).thenThrows('offer_already_answered');
 * ```
 */
export const DeciderSpecification = {
  for<Command, State, Event extends DomainEvent>(
    decider: Decider<Command, State, Event>,
  ): DeciderSpec<Command, State, Event> {
    const fold = (state: State, events: readonly Event[]) => events.reduce(decider.evolve, state);
    const decided = (outcome: Outcome<Event>): Event[] => {
      if ('thrown' in outcome) throw outcome.thrown;
      return outcome.events;
    };

    const given = (history: readonly Event[] = []): DeciderGiven<Command, State, Event> => {
      const state = fold(decider.initialState, history);
      return {
        state,
        when(command) {
          let outcome: Outcome<Event>;
          try {
            outcome = { events: decider.decide(command, state) };
          } catch (thrown) {
            outcome = { thrown };
          }
          return {
            then: (expected) => expect(decided(outcome)).toEqual(expected),
            thenMatches: (expected) => expect(decided(outcome)).toMatchObject(expected),
            thenNothing: () => expect(decided(outcome)).toEqual([]),
            thenThrows(code, details) {
              if (!('thrown' in outcome)) {
                throw new Error(`Expected the rule ${code} to be broken, but the decider decided ${describe(outcome)}`);
              }
              const { thrown } = outcome;
              if (!(thrown instanceof DomainRuleViolation)) throw thrown;
              expect({ code: thrown.code }).toEqual({ code });
              if (details !== undefined) expect(thrown.details).toEqual(details);
            },
            thenState(expected) {
              const after = fold(state, decided(outcome));
              if (typeof expected === 'function') (expected as (state: State) => void)(after);
              else expect(after).toEqual(expected);
            },
            get events() {
              return decided(outcome);
            },
          };
        },
      };
    };

    return {
      given,
      eventsOf(...commands) {
        const events: Event[] = [];
        for (const command of commands) events.push(...given(events).when(command).events);
        return events;
      },
    };
  },
};

function describe<Event extends DomainEvent>(outcome: { events: Event[] }): string {
  return outcome.events.length === 0 ? 'nothing' : outcome.events.map((e) => e.type).join(', ');
}

/** A pure rule outside `decide` (a value the decider's command is built from) breaks with this code. */
export function expectRuleBroken(act: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    act();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error(`Expected the rule ${code} to be broken, but nothing was thrown`);
  if (!(thrown instanceof DomainRuleViolation)) throw thrown;
  expect({ code: thrown.code }).toEqual({ code });
}
