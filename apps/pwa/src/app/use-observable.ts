import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/**
 * The latest value of an observable, `initial` until it emits. Pass a
 * memoised observable: a new one per render would resubscribe every render.
 */
export function useObservable<T>(source: Observable<T>, initial: T): T {
  const [state, setState] = useState<{ source: Observable<T>; value: T }>({ source, value: initial });
  useEffect(() => {
    const subscription = source.subscribe((value) => setState({ source, value }));
    return () => subscription.unsubscribe();
  }, [source]);
  // A value from a previous source must not show under the new one.
  return state.source === source ? state.value : initial;
}
