import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { ApiClient, ApiFailure, type FetchLike } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { forgetCredentials } from '../../db/device-store.ts';
import { useWedgeScanner } from '../scan/use-wedge-scanner.ts';
import { WedgeDetector } from '../scan/wedge-detector.ts';
import { describeSignInFailure, isDeviceRefused, isValidPin, signIn } from './session.ts';

interface SignInScreenProps {
  db: AisleDatabase;
  baseUrl: string;
  fetch: FetchLike;
  deviceToken: string;
  storeName: string;
}

const MIN_BADGE_LENGTH = 4;
const MAX_PIN_LENGTH = 8;
const PAD_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * Badge, then PIN. A badge scanned at any moment (wedge burst anywhere on the
 * screen, or into either field) starts over with that badge, so the next
 * person never has to clear the previous one's attempt. Nothing from the
 * replica is shown here: whoever holds a signed-out device sees no customer.
 */
export function SignInScreen({ db, baseUrl, fetch, deviceToken, storeName }: SignInScreenProps) {
  const [badgeText, setBadgeText] = useState('');
  const [badge, setBadge] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [badgeDetector] = useState(() => new WedgeDetector());
  const [pinDetector] = useState(() => new WedgeDetector());
  const pinRef = useRef<HTMLInputElement>(null);
  const badgeRef = useRef<HTMLInputElement>(null);

  const acceptBadge = useCallback((code: string) => {
    const trimmed = code.trim();
    if (trimmed.length < MIN_BADGE_LENGTH) {
      setError({ code: 'badge_missing', message: 'Scan your badge, or type the code printed under its barcode.' });
      return;
    }
    badgeDetector.reset();
    pinDetector.reset();
    setBadgeText('');
    setBadge(trimmed);
    setPin('');
    setError(null);
  }, [badgeDetector, pinDetector]);

  // A scan while a button has focus (after tapping the PIN pad, say) never reaches a field.
  useWedgeScanner(acceptBadge, !busy);

  useEffect(() => {
    if (badge === null) badgeRef.current?.focus();
    else pinRef.current?.focus();
  }, [badge]);

  const startOver = () => {
    setBadge(null);
    setPin('');
    setError(null);
  };

  const onBadgeSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    acceptBadge(badgeText);
  };

  const onBadgeKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') return; // the form submits
    // Scanners set up to end with Tab would otherwise move focus away.
    if (badgeDetector.key(event.key, event.timeStamp).kind === 'scan' && event.key === 'Tab') {
      event.preventDefault();
      acceptBadge(badgeText);
    }
  };

  const onBadgeChange = (event: ChangeEvent<HTMLInputElement>) => {
    const native = event.nativeEvent;
    // Some Android wedges insert the whole barcode as one text chunk.
    if (native instanceof InputEvent && native.inputType === 'insertText' && native.data && native.data.length > 1) {
      const result = badgeDetector.text(native.data, native.timeStamp);
      if (result.kind === 'scan') {
        acceptBadge(result.code);
        return;
      }
    }
    setBadgeText(event.target.value);
  };

  const onPinKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const result = pinDetector.key(event.key, event.timeStamp);
    // A fast burst with letters is a badge scanned into the PIN field; digits alone are a PIN typed quickly.
    if (result.kind === 'scan' && /\D/.test(result.code)) {
      event.preventDefault();
      acceptBadge(result.code);
    }
  };

  const typeDigit = (digit: string) => setPin((current) => (current.length < MAX_PIN_LENGTH ? current + digit : current));

  const onPinSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || badge === null) return;
    if (!isValidPin(pin)) {
      setError({ code: 'pin_format', message: 'Your PIN is 4 to 8 digits.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Success swaps this screen for the app: the session document changes.
      await signIn(db, new ApiClient({ baseUrl, fetch, token: deviceToken }), badge, pin, new Date());
    } catch (failure) {
      setBusy(false);
      setPin('');
      const code = failure instanceof ApiFailure ? (failure.code ?? failure.kind) : 'unknown';
      setError({ code, message: describeSignInFailure(failure) });
      // The PIN is not the problem here: the badge is, so ask for one again.
      if (code === 'badge_locked' || code === 'wrong_location') setBadge(null);
      else pinRef.current?.focus();
      if (isDeviceRefused(failure)) await forgetCredentials(db);
    }
  };

  const errorView = error && (
    <p id="signin-error" role="alert" className="form-error" data-testid="signin-error" data-code={error.code}>
      {error.message}
    </p>
  );

  return (
    <section className="signin" aria-labelledby="signin-title" data-testid="signin-screen">
      <div className="enrol-card signin-card">
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">{storeName}</p>
        {badge === null ? (
          <form onSubmit={onBadgeSubmit} noValidate autoComplete="off">
            <label htmlFor="signin-badge">Scan your badge</label>
            <input
              ref={badgeRef}
              id="signin-badge"
              data-testid="signin-badge"
              value={badgeText}
              onChange={onBadgeChange}
              onKeyDown={onBadgeKeyDown}
              placeholder="Scan or type badge code"
              autoCapitalize="characters"
              autoCorrect="off"
              spellCheck={false}
              maxLength={100}
              enterKeyHint="next"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'signin-error' : undefined}
              autoFocus
            />
            {errorView}
            <button type="submit" data-testid="signin-next" className="button button-primary button-block">
              Next
            </button>
          </form>
        ) : (
          <form onSubmit={(e) => void onPinSubmit(e)} noValidate autoComplete="off">
            <p className="signin-badge-ok" data-testid="signin-badge-ok">
              <span aria-hidden="true">✓ </span>Badge scanned
            </p>
            <label htmlFor="signin-pin">Enter your PIN</label>
            <input
              ref={pinRef}
              id="signin-pin"
              data-testid="signin-pin"
              type="password"
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
              maxLength={MAX_PIN_LENGTH}
              className="signin-pin"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, MAX_PIN_LENGTH))}
              onKeyDown={onPinKeyDown}
              enterKeyHint="go"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'signin-error' : undefined}
              autoFocus
            />
            {errorView}
            {/* The pad is for touch; the field above is the keyboard's way in, so pad keys stay out of the tab order. */}
            <div className="pin-pad" role="group" aria-label="PIN pad">
              {PAD_DIGITS.map((digit) => (
                <button key={digit} type="button" className="button pin-key" tabIndex={-1} onClick={() => typeDigit(digit)} disabled={busy}>
                  {digit}
                </button>
              ))}
              <button
                type="button"
                className="button pin-key"
                tabIndex={-1}
                aria-label="Delete last digit"
                onClick={() => setPin((current) => current.slice(0, -1))}
                disabled={busy}
              >
                ⌫
              </button>
              <button type="button" className="button pin-key" tabIndex={-1} onClick={() => typeDigit('0')} disabled={busy}>
                0
              </button>
              <button type="button" className="button pin-key" tabIndex={-1} aria-label="Clear PIN" onClick={() => setPin('')} disabled={busy}>
                C
              </button>
            </div>
            <button type="submit" data-testid="signin-submit" className="button button-primary button-block" disabled={busy} aria-busy={busy}>
              Sign in
            </button>
            <button type="button" data-testid="signin-change-badge" className="button button-block" onClick={startOver} disabled={busy}>
              Scan a different badge
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
