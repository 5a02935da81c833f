import { useSyncExternalStore, type MouseEvent } from 'react';

/** The screens the app has; unknown paths fall back to the order list. */
export type Route = { name: 'orders' } | { name: 'order'; fulfilmentOrderId: string } | { name: 'not_found'; path: string };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'orders' };
  const order = /^\/orders\/([^/]+)\/?$/.exec(pathname);
  if (order?.[1]) {
    try {
      return { name: 'order', fulfilmentOrderId: decodeURIComponent(order[1]) };
    } catch {
      return { name: 'not_found', path: pathname };
    }
  }
  return { name: 'not_found', path: pathname };
}

export function orderPath(fulfilmentOrderId: string): string {
  return `/orders/${encodeURIComponent(fulfilmentOrderId)}`;
}

// history.pushState fires no event, so navigations announce themselves here.
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  listeners.forEach((listener) => listener());
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** For `<a href>` links: a plain click navigates in-app, modified clicks keep the browser's behaviour. */
export function followLink(event: MouseEvent<HTMLAnchorElement>, path: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(path);
}
