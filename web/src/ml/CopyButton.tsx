import { useEffect, useState } from 'react';

/** Copies `value` to the clipboard; says so for a moment (to screen readers too). */
export function CopyButton({ value, what }: { readonly value: string; readonly what: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  useEffect(() => {
    if (copied === undefined) return;
    const timer = setTimeout(() => setCopied(undefined), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <button
      type="button"
      className="ml-copy"
      aria-label={`Copy ${what}`}
      title={`Copy ${what}`}
      onClick={() => void copy()}
    >
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none">
        <rect x="5" y="5" width="9" height="9" rx="1.5" stroke="currentColor" strokeWidth="1.5" />
        <path
          d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5"
          stroke="currentColor"
          strokeWidth="1.5"
        />
      </svg>
      <span role="status" className="ml-copy-note">
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : ''}
      </span>
    </button>
  );
}

/** An id shown short, whole in its title, with a copy button. */
export function CopyableId({ id, what }: { readonly id: string; readonly what: string }) {
  return (
    <span className="ml-id">
      <code title={id}>{id}</code>
      <CopyButton value={id} what={what} />
    </span>
  );
}
