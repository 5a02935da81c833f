import { BehaviorSubject, defer, distinctUntilChanged, fromEvent, map, merge, startWith, type Observable } from 'rxjs';

/** What the sync code needs to know about connectivity; injected so Node tests run without a browser. */
export interface Network {
  isOnline(): boolean;
  /** Emits the current state on subscribe, then every change. */
  readonly online$: Observable<boolean>;
}

/** The browser's view: `navigator.onLine` and the `online`/`offline` events. */
export function browserNetwork(): Network {
  const isOnline = () => navigator.onLine;
  return {
    isOnline,
    online$: defer(() =>
      merge(fromEvent(window, 'online'), fromEvent(window, 'offline')).pipe(map(isOnline), startWith(isOnline())),
    ).pipe(distinctUntilChanged()),
  };
}

/** A switchable network for tests. */
export function manualNetwork(initiallyOnline = true): Network & { set(online: boolean): void } {
  const state = new BehaviorSubject(initiallyOnline);
  return {
    isOnline: () => state.getValue(),
    online$: state.pipe(distinctUntilChanged()),
    set: (online) => state.next(online),
  };
}
