/**
 * Waits until `probe` returns a value `accept`s (asynchronous work reaching a state: a bus delivery, a read model
 * catching up), polling every `everyMs`. The timeout only bounds a broken run; no assertion depends on how fast the
 * state is reached.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
