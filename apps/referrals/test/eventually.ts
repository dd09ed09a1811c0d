/**
 * Polls `check` until it stops throwing (or returns a value), for what becomes true eventually — a
 * read model catching up with the event store. The deadline only bounds a test that would otherwise
 * hang; nothing asserts how quickly it happens.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  { deadlineMs = 15_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
