import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, getJson } from '../../api/api-client';
import { AnchorVerification, Integrity } from '../../api/api-types';
import { useSession } from '../../session/session';
import { useResource } from '../../ui/use-resource';

/** Anchors cover every agency's streams: auditors and the service's administrators verify them. */
function mayVerifyAnchors(role: string, agencyId: string): boolean {
  return role === 'auditor' || (role === 'admin' && agencyId === 'system');
}

interface AnchorAnswer {
  verification: AnchorVerification | null;
}

/**
 * Chain verified (GET /v1/cases/{id}/integrity) and newest anchor verified (GET
 * /v1/audit/anchors/latest/verify): green while both hold, red naming the version when not.
 */
export function IntegrityBadge({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { credentials, me } = useSession();
  const [round, setRound] = useState(0);
  const withAnchor = mayVerifyAnchors(me.role, me.agencyId);
  const chain = useResource(`${caseId}:${round}`, (signal) =>
    getJson<Integrity>(`/v1/cases/${caseId}/integrity`, credentials, { signal }),
  );
  const anchor = useResource(withAnchor ? `${round}` : null, async (signal) => {
    try {
      return {
        verification: await getJson<AnchorVerification>(
          '/v1/audit/anchors/latest/verify',
          credentials,
          { signal },
        ),
      } satisfies AnchorAnswer;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { verification: null };
      throw error;
    }
  });

  const streams = [`case-${caseId}`, `notifications-${caseId}`];
  const problems = (anchor.data?.verification?.problems ?? []).filter((p) =>
    streams.includes(p.streamId),
  );
  const checking = chain.loading || anchor.loading;
  const broken = chain.data?.valid === false || problems.length > 0;
  const state = checking ? 'checking' : chain.error || broken ? 'broken' : 'verified';

  return (
    <section className={`integrity integrity-${state} panel`} aria-labelledby="integrity-title">
      <h2 id="integrity-title">{t('integrity.title')}</h2>
      <div role="status" aria-live="polite" data-testid="integrity-badge" data-state={state}>
        {checking && <p>{t('integrity.checking')}</p>}
        {!checking && chain.error && <p>{t('common.error', { detail: chain.error.message })}</p>}
        {!checking && chain.data && (
          <p>
            {chain.data.valid
              ? t('integrity.chainOk', { count: chain.data.eventsChecked })
              : chain.data.firstInvalidVersion !== undefined
                ? t('integrity.chainBroken', { version: chain.data.firstInvalidVersion })
                : t('integrity.chainBrokenNoVersion')}
          </p>
        )}
        {!checking && withAnchor && anchor.error && (
          <p>{t('integrity.anchorFailed', { detail: anchor.error.message })}</p>
        )}
        {!checking && withAnchor && anchor.data && (
          <AnchorLine verification={anchor.data.verification} problems={problems} />
        )}
        {!withAnchor && <p className="hint">{t('integrity.anchorForAuditors')}</p>}
      </div>
      <button type="button" onClick={() => setRound((n) => n + 1)} disabled={checking}>
        {t('integrity.verifyAgain')}
      </button>
    </section>
  );
}

function AnchorLine({
  verification,
  problems,
}: {
  verification: AnchorVerification | null;
  problems: AnchorVerification['problems'];
}) {
  const { t } = useTranslation();
  if (verification === null) return <p>{t('integrity.noAnchor')}</p>;
  if (problems.length === 0) return <p>{t('integrity.anchorOk')}</p>;
  return (
    <>
      {problems.map((problem) => (
        <p key={`${problem.streamId}:${problem.problem}`}>
          {problem.version !== undefined
            ? t('integrity.anchorProblem', {
                problem: t(`integrity.problem.${problem.problem}`),
                version: problem.version,
              })
            : t('integrity.anchorProblemNoVersion', {
                problem: t(`integrity.problem.${problem.problem}`),
              })}
        </p>
      ))}
    </>
  );
}
