import { useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { WedgeDetector } from './wedge-detector.ts';

interface ScanFormProps {
  onScan: (code: string) => void;
}

/**
 * The scan field. A keyboard-wedge scanner and a person typing both end with
 * Enter, which submits the form; the visible Enter button does the same on
 * touch screens. Scanners configured to end with Tab, and Android wedges that
 * insert text without key events, are recognised by the wedge detector.
 */
export function ScanForm({ onScan }: ScanFormProps) {
  const [value, setValue] = useState('');
  const [detector] = useState(() => new WedgeDetector());
  const inputRef = useRef<HTMLInputElement>(null);

  const submit = (code: string) => {
    detector.reset();
    setValue('');
    inputRef.current?.focus();
    const trimmed = code.trim();
    if (trimmed) onScan(trimmed);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit(value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') return; // the form submits
    const result = detector.key(event.key, event.timeStamp);
    if (result.kind === 'scan' && event.key === 'Tab') {
      event.preventDefault();
      submit(value);
    }
  };

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const native = event.nativeEvent;
    if (native instanceof InputEvent && native.inputType === 'insertText' && native.data && native.data.length > 1) {
      const result = detector.text(native.data, native.timeStamp);
      if (result.kind === 'scan') {
        submit(result.code);
        return;
      }
    }
    setValue(event.target.value);
  };

  return (
    <form className="scan-form" onSubmit={onSubmit} autoComplete="off">
      <input
        ref={inputRef}
        data-testid="scan-input"
        aria-label="Scan or type barcode"
        placeholder="Scan or type barcode"
        className="scan-input"
        value={value}
        onChange={onChange}
        onKeyDown={onKeyDown}
        autoFocus
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="enter"
      />
      <button type="submit" className="button button-primary">
        Enter
      </button>
    </form>
  );
}
