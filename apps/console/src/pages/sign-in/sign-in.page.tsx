import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-client';
import { useSessionState } from '../../session/session';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSessionState();
  const [key, setKey] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChecking(true);
    setError(null);
    try {
      await signIn(key.trim());
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? t('signIn.refused')
          : t('common.error', { detail: (failure as Error).message }),
      );
      setChecking(false);
    }
  }

  return (
    <main id="main" className="narrow">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} className="stacked">
        <label htmlFor="api-key">{t('signIn.key')}</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-describedby={error ? 'sign-in-error' : undefined}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" disabled={checking || key.trim() === ''}>
          {checking ? t('signIn.checking') : t('signIn.submit')}
        </button>
        {error && (
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
