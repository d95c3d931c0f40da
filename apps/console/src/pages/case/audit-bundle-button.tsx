import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBlob, saveBlob } from '../../api/api-client';
import { useSession } from '../../session/session';
import { ErrorMessage } from '../../ui/status-messages';

/** GET /v1/cases/{id}/audit-bundle, saved as a file (auditors only; the export is logged). */
export function AuditBundleButton({ caseId, onRead }: { caseId: string; onRead(): void }) {
  const { t } = useTranslation();
  const { credentials } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const blob = await getBlob(`/v1/cases/${caseId}/audit-bundle`, credentials);
      saveBlob(blob, `audit-bundle-${caseId}.json`);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
      onRead();
    }
  }

  return (
    <div className="bundle">
      <button
        type="button"
        disabled={busy}
        onClick={() => void download()}
        aria-describedby="bundle-hint"
      >
        {busy ? t('bundle.preparing') : t('bundle.download')}
      </button>
      <p id="bundle-hint" className="hint">
        {t('bundle.hint')}
      </p>
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
