import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PURPOSE_LENGTH, useSession } from '../../session/session';

/** Auditors say once per session why they read; every case request then carries X-Purpose. */
export function PurposePage() {
  const { t } = useTranslation();
  const { setPurpose } = useSession();
  const [purpose, setValue] = useState('');
  const trimmed = purpose.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (trimmed) setPurpose(trimmed);
  }

  return (
    <main id="main" className="narrow">
      <h1>{t('purpose.title')}</h1>
      <p>{t('purpose.intro')}</p>
      <form onSubmit={submit} className="stacked">
        <label htmlFor="purpose">{t('purpose.label')}</label>
        <input
          id="purpose"
          name="purpose"
          type="text"
          required
          maxLength={MAX_PURPOSE_LENGTH}
          value={purpose}
          onChange={(event) => setValue(event.target.value.replace(/[\r\n]/g, ' '))}
          aria-describedby="purpose-hint"
        />
        <p id="purpose-hint" className="hint">
          {t('purpose.hint')}
        </p>
        <button type="submit" disabled={trimmed === ''}>
          {t('purpose.submit')}
        </button>
      </form>
    </main>
  );
}
