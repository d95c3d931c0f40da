import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api/api-client';
import { CaseView, PersonalData } from '../../api/api-types';
import { useSession } from '../../session/session';
import { ErrorMessage } from '../../ui/status-messages';

const FIELDS = ['fullName', 'cnic', 'phone', 'address', 'dateOfBirth'] as const;

/**
 * The victim's personal data, hidden until asked for: showing it reads the case again, a read
 * the access log records; hiding it drops it from the page.
 */
export function PersonalDataPanel({
  caseId,
  erased,
  mayShow,
  onRead,
}: {
  caseId: string;
  erased: boolean;
  /** The caller's agency may see it (the API gave it on the last read). */
  mayShow: boolean;
  onRead(): void;
}) {
  const { t } = useTranslation();
  const { credentials } = useSession();
  const [personal, setPersonal] = useState<PersonalData | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const shown = personal !== undefined;

  async function toggle() {
    if (shown) {
      setPersonal(undefined);
      return;
    }
    setLoading(true);
    setError(null);
    try {
      const view = await getJson<CaseView>(`/v1/cases/${caseId}`, credentials);
      setPersonal(view.victim.personal);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setLoading(false);
      onRead();
    }
  }

  return (
    <section aria-labelledby="personal-title" className="panel">
      <h2 id="personal-title">{t('personal.title')}</h2>
      {erased ? (
        <p>{t('personal.erased')}</p>
      ) : !mayShow ? (
        <p>{t('personal.notShown')}</p>
      ) : (
        <>
          <p className="hint" id="personal-notice">
            {t('personal.notice')}
          </p>
          <button
            type="button"
            aria-pressed={shown}
            aria-controls="personal-fields"
            aria-describedby="personal-notice"
            disabled={loading}
            onClick={() => void toggle()}
          >
            {shown ? t('personal.hide') : t('personal.show')}
          </button>
          {error && <ErrorMessage error={error} />}
          <div id="personal-fields">
            {personal === null && <p>{t('personal.notShown')}</p>}
            {personal && FIELDS.every((field) => !personal[field]) && <p>{t('personal.empty')}</p>}
            {personal && FIELDS.some((field) => personal[field]) && (
              <dl className="facts">
                {FIELDS.filter((field) => personal[field]).map((field) => (
                  <div key={field}>
                    <dt>{t(`personal.${field}`)}</dt>
                    <dd>{personal[field]}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        </>
      )}
    </section>
  );
}
