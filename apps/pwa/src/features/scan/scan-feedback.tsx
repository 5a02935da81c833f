export interface Feedback {
  /** Increments per scan so the same message twice still re-announces and re-animates. */
  id: number;
  kind: 'ok' | 'error';
  message: string;
}

export function ScanFeedback({ feedback }: { feedback: Feedback | null }) {
  return (
    <div className="scan-feedback-region" aria-live="polite">
      {feedback && (
        <p
          key={feedback.id}
          data-testid="scan-feedback"
          data-kind={feedback.kind}
          role={feedback.kind === 'error' ? 'alert' : 'status'}
          className={`scan-feedback scan-feedback-${feedback.kind}`}
        >
          <span aria-hidden="true" className="scan-feedback-icon">
            {feedback.kind === 'ok' ? '✓' : '✕'}
          </span>
          {feedback.message}
        </p>
      )}
    </div>
  );
}
