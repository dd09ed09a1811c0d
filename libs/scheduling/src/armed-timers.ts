/**
 * The in-process signal "a timer was armed in this schema": a `TimerSchedule` rings it, every `TimerWorker` of the
 * schema in this process wakes and looks again, so a timer armed for sooner than the worker's next look fires on
 * time. Replicas in other processes do not hear it: they find the timer at their next poll (`pollMs`). A ring that
 * comes before the arming transaction commits (a timer scheduled inside a caller's transaction) finds nothing, and
 * the timer is found at the next poll too: at most `pollMs` late.
 */
const listeners = new Map<string, Set<() => void>>();

export function ringArmed(schema: string): void {
  for (const listener of [...(listeners.get(schema) ?? [])]) listener();
}

export function onArmed(schema: string, listener: () => void): () => void {
  let set = listeners.get(schema);
  if (!set) listeners.set(schema, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(schema);
  };
}
