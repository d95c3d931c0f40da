import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api/api-client';
import { CaseView, ReferralPath } from '../../api/api-types';
import { routeHref } from '../../routing/hash-route';
import { useSession } from '../../session/session';
import { ErrorMessage, Loading } from '../../ui/status-messages';
import { useResource } from '../../ui/use-resource';
import { useSettled } from '../../ui/use-settled';
import { AccessLog } from './access-log';
import { AuditBundleButton } from './audit-bundle-button';
import { CaseSummary } from './case-summary';
import { IntegrityBadge } from './integrity-badge';
import { PersonalDataPanel } from './personal-data';
import { ReferralTimeline } from './referral-timeline';
import { handOffsOfCase, handOffsOfPath } from './timeline-items';
import { VersionSlider } from './version-slider';

const SLIDER_SETTLE_MS = 250;

interface LoadedCase {
  view: CaseView;
  /** The API gave personal data on this read: the caller may see it (behind the toggle). */
  mayShowPersonal: boolean;
}

/** The case without its personal data (the API leaves it out), and whether the caller may see it. */
async function loadCase(
  caseId: string,
  credentials: ReturnType<typeof useSession>['credentials'],
  signal: AbortSignal,
  version?: number,
): Promise<LoadedCase> {
  // Asked without personal data, so that the access log records none as shown.
  const view = await getJson<CaseView>(`/v1/cases/${caseId}`, credentials, {
    query: { version, personal: 'omit' },
    signal,
  });
  return {
    view: { ...view, victim: { ...view.victim, personal: null } },
    mayShowPersonal: view.victim.personalOmitted === true,
  };
}

export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { credentials, me } = useSession();
  const auditor = me.role === 'auditor';
  const head = useResource(caseId, (signal) => loadCase(caseId, credentials, signal));
  const path = useResource(caseId, (signal) =>
    getJson<ReferralPath>(`/v1/cases/${caseId}/referral-path`, credentials, { signal }),
  );
  const headVersion = head.data?.view.version;
  // The version the slider points at (null: the current one) and the one it rests on.
  const [picked, setPicked] = useState<number | null>(null);
  const settled = useSettled(picked, SLIDER_SETTLE_MS);
  const replayed = settled !== null && settled !== headVersion ? settled : null;
  const replay = useResource(replayed === null ? null : `${caseId}@${replayed}`, (signal) =>
    loadCase(caseId, credentials, signal, replayed ?? undefined),
  );
  // Reads this page made (personal data shown, bundle exported): the access log shows them.
  const [reads, setReads] = useState(0);
  const countRead = useCallback(() => setReads((n) => n + 1), []);

  const title = t('case.title', { id: caseId.slice(0, 8) });
  if (head.error) {
    return (
      <>
        <h1>{title}</h1>
        <ErrorMessage error={head.error} onRetry={head.reload} />
      </>
    );
  }

  const atHead = replayed === null;
  const shown = head.data && (atHead ? head.data : (replay.data ?? replay.latest ?? head.data));
  const handOffs = !shown
    ? null
    : atHead
      ? path.data
        ? handOffsOfPath(path.data)
        : null
      : handOffsOfCase(shown.view);

  return (
    <>
      <p>
        <a href={routeHref({ page: 'cases' })}>{t('case.back')}</a>
      </p>
      <h1>
        {title} <code className="case-id">{caseId}</code>
      </h1>
      <div className="case-layout">
        <div className="case-main">
          {!shown || headVersion === undefined ? (
            <Loading />
          ) : (
            <>
              <section aria-labelledby="replay-title" className="panel">
                <h2 id="replay-title" className="visually-hidden">
                  {t('slider.label')}
                </h2>
                <VersionSlider
                  head={headVersion}
                  value={picked ?? headVersion}
                  onChange={setPicked}
                />
                <p role="status" data-testid="replay-status">
                  {atHead
                    ? t('slider.current', { head: headVersion })
                    : t('slider.replaying', { version: shown.view.version, head: headVersion })}
                </p>
                {!atHead && (
                  <button type="button" onClick={() => setPicked(null)}>
                    {t('slider.latest')}
                  </button>
                )}
                {replay.error && <ErrorMessage error={replay.error} onRetry={replay.reload} />}
              </section>
              <CaseSummary view={shown.view} />
              <section
                aria-labelledby="timeline-title"
                className="panel"
                aria-busy={replay.loading}
              >
                <h2 id="timeline-title">{t('timeline.title')}</h2>
                {atHead && path.error && <ErrorMessage error={path.error} onRetry={path.reload} />}
                {handOffs === null ? (
                  !path.error && <Loading />
                ) : (
                  <ReferralTimeline handOffs={handOffs} atHead={atHead} />
                )}
              </section>
            </>
          )}
        </div>
        <aside className="case-side">
          <IntegrityBadge caseId={caseId} />
          {head.data && (
            <PersonalDataPanel
              caseId={caseId}
              erased={head.data.view.victim.personalDataErased}
              mayShow={head.data.mayShowPersonal}
              onRead={countRead}
            />
          )}
          {auditor && <AuditBundleButton caseId={caseId} onRead={countRead} />}
        </aside>
      </div>
      {auditor && <AccessLog caseId={caseId} reads={reads} />}
    </>
  );
}
