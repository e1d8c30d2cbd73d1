import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { signIn, SignInError } from '../api/session.js';
import { useSession } from './use-session.js';

export function SignInPage() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(searchParams.get('next'));

  if (session !== undefined) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(userName.trim(), password);
    } catch (failure) {
      setError(failure instanceof SignInError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={(event) => void submit(event)} aria-label="Sign in">
        <h1>Millrace</h1>
        <p className="muted">Sign in with your Millrace user.</p>
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={userName}
            onChange={(event) => setUserName(event.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error === undefined ? null : (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          First start? The server printed the <code>admin</code> user&apos;s one-time password; add
          users with <code>millrace users add</code>.
        </p>
      </form>
    </main>
  );
}

/** Only paths of this site: `next` comes from the address bar. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
