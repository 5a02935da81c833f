/**
 * Tells live device streams that a location's replica changed. In-process for
 * now: every instance hears only its own writes. Several instances on one
 * PostgreSQL will relay these through LISTEN/NOTIFY.
 */
export class ScopeNotifier {
  readonly #listeners = new Map<string, Set<() => void>>();

  subscribe(tenantId: string, locationId: string, listener: () => void): () => void {
    const key = `${tenantId}/${locationId}`;
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(key);
    };
  }

  /** Call after the transaction that made the change has committed. */
  publish(tenantId: string, locationId: string): void {
    for (const listener of this.#listeners.get(`${tenantId}/${locationId}`) ?? []) listener();
  }

  get listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }
}
