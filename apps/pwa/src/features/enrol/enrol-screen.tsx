import { useMemo, useState, type FormEvent } from 'react';
import { map } from 'rxjs';
import { ApiClient, type FetchLike } from '../../api/api-client.ts';
import { useObservable } from '../../app/use-observable.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { outboxEntries$ } from '../sync/outbox.ts';
import { describeEnrolFailure, enrolDevice } from './enrol.ts';

interface EnrolScreenProps {
  db: AisleDatabase;
  baseUrl: string;
  fetch: FetchLike;
}

export function EnrolScreen({ db, baseUrl, fetch }: EnrolScreenProps) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unsent$ = useMemo(() => outboxEntries$(db).pipe(map((entries) => entries.filter((e) => e.state === 'pending').length)), [db]);
  const unsent = useObservable(unsent$, 0);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (code.trim().length < 4) {
      setError('Enter the enrolment code your manager gave you.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Success swaps this screen for the app: the enrolment document changes.
      await enrolDevice(db, new ApiClient({ baseUrl, fetch }), code, new Date());
    } catch (failure) {
      setError(describeEnrolFailure(failure));
      setBusy(false);
    }
  };

  return (
    <main className="enrol">
      <div className="enrol-card">
        <img src="/favicon.svg" alt="" width={56} height={56} />
        <h1>Enrol this device</h1>
        <p className="muted">Enter the one-time code from your manager. It links this device to your store.</p>
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <label htmlFor="enrol-code">Enrolment code</label>
          <input
            id="enrol-code"
            data-testid="enrol-code"
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={32}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'enrol-error' : undefined}
            autoFocus
          />
          {error && (
            <p id="enrol-error" role="alert" className="form-error">
              {error}
            </p>
          )}
          <button type="submit" data-testid="enrol-submit" className="button button-primary button-block" disabled={busy} aria-busy={busy}>
            Enrol device
          </button>
        </form>
        {unsent > 0 && (
          <p className="note">
            {unsent === 1 ? '1 unsent action is' : `${unsent} unsent actions are`} kept on this device and will be sent once it is enrolled.
          </p>
        )}
      </div>
    </main>
  );
}
