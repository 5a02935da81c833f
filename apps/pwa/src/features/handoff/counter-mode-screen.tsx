/**
 * What a counter kiosk sign-in shows until the handoff screens exist. A kiosk
 * faces customers, so it shows no order list: customer names stay off it.
 */
export function CounterModeScreen() {
  return (
    <section className="counter-mode" data-testid="counter-mode" aria-labelledby="counter-title">
      <h1 id="counter-title">Counter mode</h1>
      <p className="muted">This device is signed in as the pickup counter. Handing orders to customers arrives here soon.</p>
    </section>
  );
}
