import { safeStorage } from 'electron';
import type { KeyWrapper } from '../core/db/db-key';

/**
 * The database key's wrapper in the desktop app: Electron's safeStorage (Windows DPAPI, so only
 * this Windows account on this PC unwraps it), through the asynchronous API (the synchronous
 * encryptString/decryptString are deprecated in Electron 45 and removed in 46).
 */
export async function safeStorageWrapper(): Promise<KeyWrapper> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new Error('safeStorage 不可用：无法保护数据库密钥');
  return {
    kind: 'safeStorage',
    wrap: (key) => safeStorage.encryptStringAsync(key),
    unwrap: async (wrapped) => {
      const r = await safeStorage.decryptStringAsync(wrapped);
      return { key: r.result, rewrap: r.shouldReEncrypt };
    },
  };
}
