import { ShutdownRegistry } from './shutdown-registry.js';

describe('ShutdownRegistry', () => {
  it('stops every registered worker, and each only once', async () => {
    const registry = new ShutdownRegistry();
    const stopped: string[] = [];
    registry.register({ stop: async () => void stopped.push('relay') });
    const consumer = registry.register({ stop: async () => void stopped.push('consumer') });
    registry.register({ stop: async () => void stopped.push('projector') });
    registry.unregister(consumer);

    await registry.stopAll();
    await registry.stopAll();
    expect(stopped.sort()).toEqual(['projector', 'relay']);
  });

  it('still stops the others when one fails, then reports the failure', async () => {
    const registry = new ShutdownRegistry();
    let othersStopped = false;
    registry.register({ stop: () => Promise.reject(new Error('broker gone')) });
    registry.register({ stop: async () => void (othersStopped = true) });

    await expect(registry.stopAll()).rejects.toThrow('1 worker(s) failed to stop');
    expect(othersStopped).toBe(true);
  });

  it('closes resources separately from workers, each only once', async () => {
    const registry = new ShutdownRegistry();
    const journal: string[] = [];
    registry.register({ stop: async () => void journal.push('projector stopped') });
    registry.registerResource({ stop: async () => void journal.push('data source closed') });

    await registry.stopAll();
    expect(journal).toEqual(['projector stopped']);
    await registry.closeResources();
    await registry.closeResources();
    expect(journal).toEqual(['projector stopped', 'data source closed']);
  });
});
