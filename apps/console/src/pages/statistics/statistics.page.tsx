import * as Plot from '@observablehq/plot';
import { FormEvent, ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBlob, getJson, saveBlob } from '../../api/api-client';
import {
  Glotip,
  GLOTIP_COLUMNS,
  GlotipCells,
  ReferralStatistics,
  ReferralStatisticsRow,
  VictimStatistics,
} from '../../api/api-types';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status-messages';
import { useResource } from '../../ui/use-resource';
import { PlotChart } from './plot-chart';
import { Cell, pivot } from './stat-table';

interface Period {
  from: string;
  to: string;
  year: number;
}

type Query = Record<string, string | number | undefined>;

const FUNNEL = ['issued', 'acknowledged', 'accepted', 'completed'] as const;

/** The statistics, each chart with its table and CSV; loaded with this page only. */
export default function StatisticsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>({
    from: '',
    to: '',
    year: new Date().getFullYear(),
  });
  const range = { from: period.from || undefined, to: period.to || undefined };

  return (
    <>
      <h1>{t('stats.title')}</h1>
      <PeriodForm period={period} onApply={setPeriod} />
      <VictimsBySexAndExploitation query={{ ...range, groupBy: 'sex,exploitationType' }} />
      <VictimsBy
        dimension="province"
        group="province"
        title={t('stats.victimsByProvince')}
        range={range}
      />
      <VictimsBy
        dimension="crimeType"
        group="crimeType"
        title={t('stats.victimsByCrimeType')}
        range={range}
      />
      <ReferralFunnel query={range} />
      <HoursToAcknowledge query={{ ...range, groupBy: 'toAgencyType' }} />
      <GlotipTables year={period.year} />
    </>
  );
}

function PeriodForm({ period, onApply }: { period: Period; onApply(period: Period): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(period);
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }
  return (
    <form className="filters" onSubmit={submit} aria-label={t('stats.period')}>
      <label htmlFor="stats-from">{t('stats.from')}</label>
      <input
        id="stats-from"
        type="date"
        value={draft.from}
        onChange={(event) => setDraft({ ...draft, from: event.target.value })}
      />
      <label htmlFor="stats-to">{t('stats.to')}</label>
      <input
        id="stats-to"
        type="date"
        value={draft.to}
        onChange={(event) => setDraft({ ...draft, to: event.target.value })}
      />
      <label htmlFor="stats-year">{t('stats.year')}</label>
      <input
        id="stats-year"
        type="number"
        min={2000}
        max={2100}
        value={draft.year}
        onChange={(event) => setDraft({ ...draft, year: Number(event.target.value) })}
      />
      <button type="submit">{t('stats.apply')}</button>
    </form>
  );
}

/** One statistic: its JSON for the chart and table, its CSV from the same query. */
function useStatistic<T>(path: string, query: Query) {
  const { credentials } = useSession();
  const key = `${path}?${JSON.stringify(query)}`;
  const answer = useResource(key, (signal) => getJson<T>(path, credentials, { query, signal }));
  const download = async (fileName: string) =>
    saveBlob(await getBlob(path, credentials, { query, accept: 'text/csv' }), fileName);
  return { answer, download };
}

function Section({
  id,
  title,
  k,
  loading,
  error,
  onRetry,
  onDownload,
  children,
}: {
  id: string;
  title: string;
  k?: number;
  loading: boolean;
  error?: Error;
  onRetry(): void;
  onDownload(): Promise<void>;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [downloadError, setDownloadError] = useState<Error | null>(null);
  return (
    <section className="statistic panel" aria-labelledby={`${id}-title`} aria-busy={loading}>
      <h2 id={`${id}-title`}>{title}</h2>
      {k !== undefined && (
        <p className="hint">{k > 1 ? t('stats.suppression', { k }) : t('stats.noSuppression')}</p>
      )}
      {loading && <Loading />}
      {error && <ErrorMessage error={error} onRetry={onRetry} />}
      {children}
      <button
        type="button"
        onClick={() => {
          setDownloadError(null);
          onDownload().catch((failure: unknown) => setDownloadError(failure as Error));
        }}
      >
        {t('stats.downloadCsv')}
        <span className="visually-hidden">: {title}</span>
      </button>
      {downloadError && <ErrorMessage error={downloadError} />}
    </section>
  );
}

function useCellText(k: number) {
  const { t } = useTranslation();
  const format = useFormat();
  return (value: Cell) => (value === null ? t('stats.fewerThan', { k }) : format.number(value));
}

function SuppressedNote({ count }: { count: number }) {
  const { t } = useTranslation();
  return count > 0 ? <p className="hint">{t('stats.hiddenInChart')}</p> : null;
}

function VictimsBySexAndExploitation({ query }: { query: Query }) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = t('stats.victimsBySexAndExploitation');
  const { answer, download } = useStatistic<VictimStatistics>('/v1/statistics/victims', query);
  const data = answer.data;
  const k = data?.k ?? 5;
  const text = useCellText(k);
  const table = useMemo(
    () => (data ? pivot(data.items, 'exploitationType', 'sex', (item) => item.count) : null),
    [data],
  );
  const options = useMemo<Plot.PlotOptions | null>(() => {
    if (!data) return null;
    const published = data.items
      .filter((item) => item.count !== null)
      .map((item) => ({
        exploitationType: format.code('exploitationType', String(item.exploitationType)),
        sex: format.code('sex', String(item.sex)),
        count: item.count,
      }));
    return {
      marginLeft: 150,
      height: Math.max(120, new Set(published.map((p) => p.exploitationType)).size * 28 + 50),
      x: { label: t('stats.count'), grid: true },
      y: { label: null },
      color: { legend: true },
      marks: [
        Plot.barX(published, { y: 'exploitationType', x: 'count', fill: 'sex', sort: { y: '-x' } }),
        Plot.ruleX([0]),
      ],
    };
  }, [data, format, t]);

  return (
    <Section
      id="victims-sex-exploitation"
      title={title}
      k={data?.k}
      loading={answer.loading}
      error={answer.error}
      onRetry={answer.reload}
      onDownload={() => download('victims-by-sex-and-exploitation.csv')}
    >
      {data && data.items.length === 0 && <p>{t('stats.empty')}</p>}
      {data && table && options && data.items.length > 0 && (
        <div className="figure-pair">
          <div>
            <PlotChart options={options} label={t('stats.chart', { title })} />
            <SuppressedNote count={data.items.filter((item) => item.suppressed).length} />
          </div>
          <div className="table-scroll">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.exploitationType')}</th>
                  {table.columns.map((sex) => (
                    <th scope="col" key={sex}>
                      {format.code('sex', sex)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={row}>
                    <th scope="row">{format.code('exploitationType', row)}</th>
                    {table.columns.map((sex) => {
                      const value = table.cell(row, sex);
                      return (
                        <td key={sex} className={value === null ? 'suppressed number' : 'number'}>
                          {text(value)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('stats.total')}</th>
                  <td colSpan={table.columns.length} className="number">
                    {text(data.total)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </div>
      )}
    </Section>
  );
}

function VictimsBy({
  dimension,
  group,
  title,
  range,
}: {
  dimension: string;
  group: string;
  title: string;
  range: Query;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { answer, download } = useStatistic<VictimStatistics>('/v1/statistics/victims', {
    ...range,
    groupBy: dimension,
  });
  const data = answer.data;
  const text = useCellText(data?.k ?? 5);
  const options = useMemo<Plot.PlotOptions | null>(() => {
    if (!data) return null;
    const published = data.items
      .filter((item) => item.count !== null)
      .map((item) => ({ label: format.code(group, String(item[dimension])), count: item.count }));
    return {
      marginLeft: 170,
      height: Math.max(100, published.length * 28 + 50),
      x: { label: t('stats.count'), grid: true },
      y: { label: null },
      marks: [
        Plot.barX(published, { y: 'label', x: 'count', fill: '#1f5f8b', sort: { y: '-x' } }),
        Plot.ruleX([0]),
      ],
    };
  }, [data, dimension, group, format, t]);

  return (
    <Section
      id={`victims-${dimension}`}
      title={title}
      k={data?.k}
      loading={answer.loading}
      error={answer.error}
      onRetry={answer.reload}
      onDownload={() => download(`victims-by-${dimension}.csv`)}
    >
      {data && data.items.length === 0 && <p>{t('stats.empty')}</p>}
      {data && options && data.items.length > 0 && (
        <div className="figure-pair">
          <div>
            <PlotChart options={options} label={t('stats.chart', { title })} />
            <SuppressedNote count={data.items.filter((item) => item.suppressed).length} />
          </div>
          <div className="table-scroll">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`stats.${dimension}`)}</th>
                  <th scope="col">{t('stats.count')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={String(item[dimension])}>
                    <th scope="row">{format.code(group, String(item[dimension]))}</th>
                    <td className={item.count === null ? 'suppressed number' : 'number'}>
                      {text(item.count)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('stats.total')}</th>
                  <td className="number">{text(data.total)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </div>
      )}
    </Section>
  );
}

function funnelValue(row: ReferralStatisticsRow, stage: (typeof FUNNEL)[number]): Cell {
  if (stage !== 'completed') return row[stage];
  return row.completedSuccessful === null || row.completedNotSuccessful === null
    ? null
    : row.completedSuccessful + row.completedNotSuccessful;
}

function ReferralFunnel({ query }: { query: Query }) {
  const { t } = useTranslation();
  const title = t('stats.funnel');
  const { answer, download } = useStatistic<ReferralStatistics>('/v1/statistics/referrals', query);
  const data = answer.data;
  const row = data?.items[0];
  const text = useCellText(data?.k ?? 5);
  const options = useMemo<Plot.PlotOptions | null>(() => {
    if (!row) return null;
    const stages = FUNNEL.map((stage) => ({
      stage: t(`funnel.${stage}`),
      count: funnelValue(row, stage),
    }));
    return {
      marginLeft: 120,
      height: 4 * 32 + 50,
      x: { label: t('stats.referrals'), grid: true },
      y: { label: null, domain: stages.map((s) => s.stage) },
      marks: [
        Plot.barX(
          stages.filter((s) => s.count !== null),
          { y: 'stage', x: 'count', fill: '#2e6b3f' },
        ),
        Plot.ruleX([0]),
      ],
    };
  }, [row, t]);

  return (
    <Section
      id="referral-funnel"
      title={title}
      k={data?.k}
      loading={answer.loading}
      error={answer.error}
      onRetry={answer.reload}
      onDownload={() => download('referral-funnel.csv')}
    >
      {data && !row && <p>{t('stats.empty')}</p>}
      {row && options && (
        <div className="figure-pair">
          <div>
            <PlotChart options={options} label={t('stats.chart', { title })} />
            <SuppressedNote
              count={FUNNEL.filter((stage) => funnelValue(row, stage) === null).length}
            />
          </div>
          <div className="table-scroll">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.stage')}</th>
                  <th scope="col">{t('stats.referrals')}</th>
                </tr>
              </thead>
              <tbody>
                {FUNNEL.map((stage) => {
                  const value = funnelValue(row, stage);
                  return (
                    <tr key={stage}>
                      <th scope="row">{t(`funnel.${stage}`)}</th>
                      <td className={value === null ? 'suppressed number' : 'number'}>
                        {text(value)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Section>
  );
}

function HoursToAcknowledge({ query }: { query: Query }) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = t('stats.hoursToAcknowledge');
  const { answer, download } = useStatistic<ReferralStatistics>('/v1/statistics/referrals', query);
  const data = answer.data;
  const k = data?.k ?? 5;
  const text = useCellText(k);
  const hours = (value: number | null) =>
    value === null ? t('stats.fewerThan', { k }) : format.hours(value);
  const options = useMemo<Plot.PlotOptions | null>(() => {
    if (!data) return null;
    const rows = data.items.map((item) => ({
      agencyType: format.code('agencyType', String(item.toAgencyType)),
      median: item.hoursToAcknowledge.median,
      p90: item.hoursToAcknowledge.p90,
    }));
    const measures = [
      ...rows
        .filter((r) => r.median !== null)
        .map((r) => ({ ...r, measure: t('stats.median'), value: r.median })),
      ...rows
        .filter((r) => r.p90 !== null)
        .map((r) => ({ ...r, measure: t('stats.p90'), value: r.p90 })),
    ];
    const domain = [t('stats.median'), t('stats.p90')];
    return {
      marginLeft: 150,
      height: Math.max(100, rows.length * 44 + 60),
      // All zero (every referral acknowledged within the same minute): still an axis to read.
      x: {
        label: t('stats.hoursAxis'),
        grid: true,
        ...(measures.every((m) => !m.value) ? { domain: [0, 1] } : {}),
      },
      // Median and 90th percentile side by side within each agency type.
      fy: { label: null, axis: 'left' },
      y: { axis: null, domain },
      color: { legend: true, domain, range: ['#1f5f8b', '#7fb0d3'] },
      marks: [
        Plot.barX(measures, { fy: 'agencyType', y: 'measure', x: 'value', fill: 'measure' }),
        Plot.ruleX([0]),
      ],
    };
  }, [data, format, t]);

  return (
    <Section
      id="hours-to-acknowledge"
      title={title}
      k={data?.k}
      loading={answer.loading}
      error={answer.error}
      onRetry={answer.reload}
      onDownload={() => download('referrals-by-receiving-agency-type.csv')}
    >
      {data && data.items.length === 0 && <p>{t('stats.empty')}</p>}
      {data && options && data.items.length > 0 && (
        <div className="figure-pair">
          <div>
            <PlotChart options={options} label={t('stats.chart', { title })} />
            <SuppressedNote
              count={data.items.filter((item) => item.hoursToAcknowledge.median === null).length}
            />
          </div>
          <div className="table-scroll">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.agencyType')}</th>
                  <th scope="col">{t('stats.referrals')}</th>
                  <th scope="col">{t('stats.median')}</th>
                  <th scope="col">{t('stats.p90')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={String(item.toAgencyType)}>
                    <th scope="row">{format.code('agencyType', String(item.toAgencyType))}</th>
                    <td className={item.issued === null ? 'suppressed number' : 'number'}>
                      {text(item.issued)}
                    </td>
                    <td
                      className={
                        item.hoursToAcknowledge.median === null ? 'suppressed number' : 'number'
                      }
                    >
                      {hours(item.hoursToAcknowledge.median)}
                    </td>
                    <td
                      className={
                        item.hoursToAcknowledge.p90 === null ? 'suppressed number' : 'number'
                      }
                    >
                      {hours(item.hoursToAcknowledge.p90)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Section>
  );
}

function GlotipTables({ year }: { year: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = t('stats.glotip', { year });
  const { answer, download } = useStatistic<Glotip>('/v1/statistics/glotip', { year });
  const data = answer.data;
  const text = useCellText(data?.k ?? 5);
  const table = (
    caption: string,
    head: string,
    rows: Array<{ key: string; label: string; cells: GlotipCells }>,
  ) => (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {GLOTIP_COLUMNS.map((column) => (
              <th scope="col" key={column}>
                {t(`glotip.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {GLOTIP_COLUMNS.map((column) => (
                <td
                  key={column}
                  className={row.cells[column] === null ? 'suppressed number' : 'number'}
                >
                  {text(row.cells[column])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <Section
      id="glotip"
      title={title}
      k={data?.k}
      loading={answer.loading}
      error={answer.error}
      onRetry={answer.reload}
      onDownload={() => download(`glotip-${year}.csv`)}
    >
      {data && data.rows.length === 0 && <p>{t('stats.empty')}</p>}
      {data && data.rows.length > 0 && (
        <div className="figure-pair">
          {table(
            `${title}: ${t('stats.glotipByType')}`,
            t('stats.exploitationType'),
            data.rows.map((row) => ({
              key: row.exploitationType,
              label: format.code('exploitationType', row.exploitationType),
              cells: row,
            })),
          )}
          {table(
            `${title}: ${t('stats.glotipByCitizenship')}`,
            t('stats.citizenship'),
            data.byCitizenship.map((row) => ({
              key: row.citizenship,
              label: format.country(row.citizenship),
              cells: row,
            })),
          )}
        </div>
      )}
    </Section>
  );
}
