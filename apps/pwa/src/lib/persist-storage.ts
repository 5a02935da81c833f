/**
 * Asks the browser not to evict IndexedDB under storage pressure: the outbox
 * may hold picks that exist nowhere else. Chrome decides silently (installed
 * apps and engaged sites get it); a refusal changes nothing else.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || typeof navigator.storage?.persist !== 'function') return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}
