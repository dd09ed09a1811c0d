import type { AggregateRepository, DomainEvent, HandleOptions, HandleResult } from '@lead/event-store';

/** A stream as `AggregateRepository.load` answered it. */
export interface LoadedStream<State> {
  state: State;
  revision: number | 'no_stream';
}

/**
 * `repository.handle` on a stream the caller has just loaded (to check the caller may see it, or to name its
 * jurisdiction and participant in the metadata): the first decision is made on that state at that revision, so the
 * stream is read once; only a conflict reads it again, as any retry does. The append is still made at the loaded
 * revision, so a write in between is a conflict, never lost.
 */
export function decideOnLoaded<Command, State, Event extends DomainEvent>(
  repository: AggregateRepository<Command, State, Event>,
  streamId: string,
  loaded: LoadedStream<State>,
  command: Command,
  options: HandleOptions,
): Promise<HandleResult<State, Event>> {
  let first: LoadedStream<State> | undefined = loaded;
  // `handle` reads through `this.load`: this one answers the first read of `streamId` from what was loaded.
  const once = Object.create(repository, {
    load: {
      value: (id: string): Promise<LoadedStream<State>> => {
        const answer = id === streamId ? first : undefined;
        first = undefined;
        return answer ? Promise.resolve(answer) : repository.load(id);
      },
    },
  }) as AggregateRepository<Command, State, Event>;
  return once.handle(streamId, command, options);
}
