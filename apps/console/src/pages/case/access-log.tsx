import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api/api-client';
import { AccessLogEntry, Page } from '../../api/api-types';
import { useAgencyName } from '../../session/agencies';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status-messages';
import { useResource } from '../../ui/use-resource';

const PAGE_SIZE = 50;

/** Who read the case, when, why and whether personal data was shown (auditors only). */
export function AccessLog({ caseId, reads }: { caseId: string; reads: number }) {
  const { t } = useTranslation();
  const { credentials } = useSession();
  const format = useFormat();
  const agencyName = useAgencyName();
  const first = useResource(`${caseId}:${reads}`, (signal) =>
    getJson<Page<AccessLogEntry>>(`/v1/cases/${caseId}/access-log`, credentials, {
      query: { limit: PAGE_SIZE },
      signal,
    }),
  );
  // Later pages, asked for with "Load more"; they belong to the first page they follow.
  const [more, setMore] = useState<{
    after: Page<AccessLogEntry>;
    pages: Page<AccessLogEntry>[];
  }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | null>(null);
  const pages = first.data ? [first.data, ...(more?.after === first.data ? more.pages : [])] : [];
  const entries = pages.flatMap((page) => page.items);
  const nextCursor = pages.at(-1)?.nextCursor ?? null;

  async function loadMore() {
    if (!first.data || !nextCursor) return;
    const after = first.data;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await getJson<Page<AccessLogEntry>>(
        `/v1/cases/${caseId}/access-log`,
        credentials,
        {
          query: { limit: PAGE_SIZE, cursor: nextCursor },
        },
      );
      setMore((previous) => ({
        after,
        pages: [...(previous?.after === after ? previous.pages : []), page],
      }));
    } catch (error) {
      setMoreError(error as Error);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section aria-labelledby="access-log-title" className="panel">
      <h2 id="access-log-title">{t('accessLog.title')}</h2>
      {first.loading && <Loading />}
      {first.error && <ErrorMessage error={first.error} onRetry={first.reload} />}
      {first.data && entries.length === 0 && <p>{t('accessLog.empty')}</p>}
      {entries.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>{t('accessLog.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accessLog.at')}</th>
                <th scope="col">{t('accessLog.agency')}</th>
                <th scope="col">{t('accessLog.officer')}</th>
                <th scope="col">{t('accessLog.role')}</th>
                <th scope="col">{t('accessLog.action')}</th>
                <th scope="col">{t('accessLog.personalDataShown')}</th>
                <th scope="col">{t('accessLog.purpose')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.accessId}>
                  <td>{format.date(entry.at)}</td>
                  <td>{agencyName(entry.agencyId)}</td>
                  <td>{entry.officerId ?? t('common.none')}</td>
                  <td>{format.code('role', entry.role)}</td>
                  <td>{format.code('action', entry.action)}</td>
                  <td>{entry.personalDataShown ? t('common.yes') : t('common.no')}</td>
                  <td>{entry.purpose ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <ErrorMessage error={moreError} />}
      {nextCursor && (
        <button type="button" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('accessLog.more')}
        </button>
      )}
    </section>
  );
}
