import { useRegisterSW } from 'virtual:pwa-register/react';

const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Offers a new version instead of forcing it: the service worker waits
 * until the associate taps Reload, so nobody loses their place mid-pick.
 */
export function UpdateBanner() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      // Long shifts never reload the page; look for new versions now and then.
      if (registration) setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
  });
  if (!needRefresh) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="update-banner">
      <span>Update available.</span>
      <span className="banner-actions">
        <button type="button" className="button button-small button-primary" onClick={() => void updateServiceWorker(true)}>
          Reload
        </button>
        <button type="button" className="button button-small" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </span>
    </div>
  );
}

/** Shown after a 426: sync is stopped until the app is updated; nothing unsent is lost. */
export function UpdateRequiredBanner() {
  const reload = () => {
    void navigator.serviceWorker
      ?.getRegistration()
      .then((registration) => registration?.update())
      .catch(() => undefined)
      .finally(() => window.location.reload());
  };
  return (
    <div className="banner banner-warning" role="alert" data-testid="update-required">
      <span>Update required: this version of Aisle is too old for the server. Unsent work is kept on this device.</span>
      <button type="button" className="button button-small button-primary" onClick={reload}>
        Update
      </button>
    </div>
  );
}
