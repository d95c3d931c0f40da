import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api/api-client';
import { CaseSummary, Page } from '../../api/api-types';
import { routeHref } from '../../routing/hash-route';
import { useAgencyName } from '../../session/agencies';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status-messages';
import { useResource } from '../../ui/use-resource';

const PAGE_SIZE = 25;
const STATUSES = ['', 'open', 'closed'] as const;

/** GET /v1/cases: the cases the caller's agency may see, a page at a time. */
export function CasesPage() {
  const { t } = useTranslation();
  const { credentials } = useSession();
  const format = useFormat();
  const agencyName = useAgencyName();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  // The cursors of the pages seen so far: the last one is the page shown.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors.at(-1);
  const page = useResource(`${status}|${cursor ?? ''}`, (signal) =>
    getJson<Page<CaseSummary>>('/v1/cases', credentials, {
      query: { status, cursor, limit: PAGE_SIZE },
      signal,
    }),
  );
  const shown = page.data ?? page.latest;

  return (
    <>
      <h1>{t('cases.title')}</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="status-filter">{t('cases.status')}</label>
        <select
          id="status-filter"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as (typeof STATUSES)[number]);
            setCursors([undefined]);
          }}
        >
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {value ? t(`caseStatus.${value}`) : t('cases.all')}
            </option>
          ))}
        </select>
      </form>
      {page.error && <ErrorMessage error={page.error} onRetry={page.reload} />}
      {page.loading && <Loading />}
      {shown && shown.items.length === 0 && !page.loading && <p>{t('cases.empty')}</p>}
      {shown && shown.items.length > 0 && (
        <div className="table-scroll">
          <table aria-busy={page.loading}>
            <caption>{t('cases.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.case')}</th>
                <th scope="col">{t('cases.status')}</th>
                <th scope="col">{t('cases.leadAgency')}</th>
                <th scope="col">{t('cases.crimeType')}</th>
                <th scope="col">{t('cases.traffickingStatus')}</th>
                <th scope="col">{t('cases.place')}</th>
                <th scope="col">{t('cases.identifiedAt')}</th>
                <th scope="col">{t('cases.version')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.items.map((item) => (
                <tr key={item.caseId}>
                  <th scope="row">
                    <a href={routeHref({ page: 'case', caseId: item.caseId })}>
                      <code>{item.caseId.slice(0, 8)}</code>
                      <span className="visually-hidden">{item.caseId.slice(8)}</span>
                    </a>
                  </th>
                  <td>{t(`caseStatus.${item.status}`)}</td>
                  <td>{agencyName(item.leadAgencyId)}</td>
                  <td>{format.code('crimeType', item.crimeType)}</td>
                  <td>{format.code('traffickingStatus', item.traffickingStatus)}</td>
                  <td>
                    {item.location.district}, {format.code('province', item.location.province)}
                  </td>
                  <td>{format.day(item.identifiedAt)}</td>
                  <td className="number">{format.number(item.version)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t('cases.page', { page: cursors.length })}>
        <button
          type="button"
          disabled={cursors.length === 1 || page.loading}
          onClick={() => setCursors((seen) => seen.slice(0, -1))}
        >
          {t('cases.previous')}
        </button>
        <span>{t('cases.page', { page: cursors.length })}</span>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors((seen) => [...seen, page.data?.nextCursor ?? undefined])}
        >
          {t('cases.next')}
        </button>
      </nav>
    </>
  );
}
