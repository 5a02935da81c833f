/**
 * Tells live device streams that a location's replica changed. Every instance
 * hears its own writes directly; with several instances on one PostgreSQL a
 * relay (scope-relay.ts) carries each publish to the others through
 * LISTEN/NOTIFY, and `deliver` hands what arrives to the local streams.
 */
export class ScopeNotifier {
  readonly #listeners = new Map<string, Set<() => void>>();
  readonly #relays = new Set<(tenantId: string, locationId: string) => void>();

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
    this.deliver(tenantId, locationId);
    for (const relay of this.#relays) relay(tenantId, locationId);
  }

  /** A change made elsewhere (another instance): local streams only, never relayed again. */
  deliver(tenantId: string, locationId: string): void {
    for (const listener of this.#listeners.get(`${tenantId}/${locationId}`) ?? []) listener();
  }

  /** Every local stream resyncs: after the relay lost its connection, hints may have been missed. */
  deliverAll(): void {
    for (const set of this.#listeners.values()) for (const listener of set) listener();
  }

  /** Registers an outgoing relay; returns its removal. */
  relayTo(relay: (tenantId: string, locationId: string) => void): () => void {
    this.#relays.add(relay);
    return () => this.#relays.delete(relay);
  }

  get listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }
}
