import { DomainRuleViolation, type Decider } from '@lead/event-store';
import { DeciderSpecification, expectRuleBroken } from './decider-specification.js';

/** A door that opens once and closes once: enough decider to exercise every outcome of a spec. */
type DoorEvent = { type: 'DoorOpened'; by: string } | { type: 'DoorClosed' };
type DoorCommand = { type: 'Open'; by: string } | { type: 'Close' } | { type: 'Explode' };
type DoorState = { status: 'new' } | { status: 'open'; by: string } | { status: 'closed' };

const door: Decider<DoorCommand, DoorState, DoorEvent> = {
  initialState: { status: 'new' },
  decide(command, state) {
    switch (command.type) {
      case 'Open':
        if (state.status === 'open') return [];
        if (state.status === 'closed')
          throw new DomainRuleViolation('door_closed', 'A closed door stays closed.', { status: 'closed' });
        return [{ type: 'DoorOpened', by: command.by }];
      case 'Close':
        if (state.status !== 'open') throw new DomainRuleViolation('door_not_open', 'Open it first.');
        return [{ type: 'DoorClosed' }];
      case 'Explode':
        throw new TypeError('not a rule');
    }
  },
  evolve(state, event) {
    return event.type === 'DoorOpened' ? { status: 'open', by: event.by } : { status: 'closed' };
  },
};

const spec = DeciderSpecification.for(door);
const opened: DoorEvent = { type: 'DoorOpened', by: 'ana' };

describe('DeciderSpecification', () => {
  it('then: exactly the decided events', () => {
    spec.given([]).when({ type: 'Open', by: 'ana' }).then([opened]);
    spec
      .given([opened])
      .when({ type: 'Close' })
      .then([{ type: 'DoorClosed' }]);
    expect(() => spec.given([]).when({ type: 'Open', by: 'ana' }).then([])).toThrow();
  });

  it('thenMatches: the fields named, in as many events', () => {
    spec
      .given()
      .when({ type: 'Open', by: 'ana' })
      .thenMatches([{ type: 'DoorOpened' }]);
    expect(() => spec.given().when({ type: 'Open', by: 'ana' }).thenMatches([])).toThrow();
  });

  it('thenNothing: a repeated command decides nothing', () => {
    spec.given([opened]).when({ type: 'Open', by: 'bo' }).thenNothing();
    expect(() => spec.given([]).when({ type: 'Open', by: 'bo' }).thenNothing()).toThrow();
  });

  it('thenThrows: the rule broken, by its stable code and details', () => {
    spec
      .given([opened, { type: 'DoorClosed' }])
      .when({ type: 'Open', by: 'bo' })
      .thenThrows('door_closed');
    spec
      .given([opened, { type: 'DoorClosed' }])
      .when({ type: 'Open', by: 'bo' })
      .thenThrows('door_closed', { status: 'closed' });
    expect(() => spec.given([]).when({ type: 'Close' }).thenThrows('door_closed')).toThrow();
    expect(() => spec.given([]).when({ type: 'Open', by: 'bo' }).thenThrows('door_closed')).toThrow(
      /decided DoorOpened/,
    );
  });

  it('passes on what is not a rule: a bug is never mistaken for a refusal', () => {
    expect(() => spec.given([]).when({ type: 'Explode' }).thenThrows('door_closed')).toThrow(TypeError);
    expect(() => spec.given([]).when({ type: 'Explode' }).then([])).toThrow(TypeError);
    expect(() => spec.given([]).when({ type: 'Close' }).then([])).toThrow(DomainRuleViolation);
  });

  it('state, thenState and eventsOf: the fold before and after, and a history built from commands', () => {
    expect(spec.given([opened]).state).toEqual({ status: 'open', by: 'ana' });
    spec.given([opened]).when({ type: 'Close' }).thenState({ status: 'closed' });
    spec
      .given([])
      .when({ type: 'Open', by: 'ana' })
      .thenState((state) => expect(state.status).toBe('open'));
    expect(spec.eventsOf({ type: 'Open', by: 'ana' }, { type: 'Open', by: 'bo' }, { type: 'Close' })).toEqual([
      opened,
      { type: 'DoorClosed' },
    ]);
    expect(spec.given([]).when({ type: 'Open', by: 'ana' }).events).toEqual([opened]);
  });

  it('expectRuleBroken: a pure rule outside decide', () => {
    expectRuleBroken(() => door.decide({ type: 'Close' }, door.initialState), 'door_not_open');
    expect(() => expectRuleBroken(() => 1, 'door_not_open')).toThrow(/nothing was thrown/);
    expect(() => expectRuleBroken(() => door.decide({ type: 'Close' }, door.initialState), 'door_closed')).toThrow();
  });
});
