import { randomBytes } from 'node:crypto';
import { ConfiguredMasterKey } from './configured-master-key.js';

describe('ConfiguredMasterKey', () => {
  const master = ConfiguredMasterKey.fromBase64(randomBytes(32).toString('base64'), 'k1');

  it('unwraps a data key wrapped for the same participant', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await master.wrapDataKey(dataKey, 'p-1');
    expect(wrapped.includes(dataKey)).toBe(false);
    expect((await master.unwrapDataKey(wrapped, 'p-1', 'k1')).equals(dataKey)).toBe(true);
  });

  it('refuses a wrap made for another participant, or by another master key', async () => {
    const wrapped = await master.wrapDataKey(randomBytes(32), 'p-1');
    await expect(master.unwrapDataKey(wrapped, 'p-2', 'k1')).rejects.toThrow();
    await expect(master.unwrapDataKey(wrapped, 'p-1', 'k0')).rejects.toThrow(/wrapped with master key "k0"/);
  });

  it('refuses master keys that are not 32 bytes', () => {
    expect(() => ConfiguredMasterKey.fromBase64(randomBytes(16).toString('base64'), 'short')).toThrow(/32 bytes/);
  });
});
