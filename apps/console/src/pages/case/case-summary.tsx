import { useTranslation } from 'react-i18next';
import { CaseView } from '../../api/api-types';
import { useAgencyName } from '../../session/agencies';
import { useFormat } from '../../ui/format';

/** What the case says, without any personal data. */
export function CaseSummary({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const agencyName = useAgencyName();
  const facts: Array<[string, string]> = [
    [t('case.version'), format.number(view.version)],
    [t('case.status'), format.code('caseStatus', view.status)],
    [t('case.leadAgency'), agencyName(view.leadAgencyId)],
    [t('case.crimeType'), format.code('crimeType', view.crimeType)],
    [t('case.traffickingStatus'), format.code('traffickingStatus', view.traffickingStatus)],
    [
      t('case.place'),
      `${view.location.district}, ${format.code('province', view.location.province)}`,
    ],
    [
      t('case.identificationSource'),
      format.code('identificationSource', view.identificationSource),
    ],
    [t('case.identifiedAt'), format.date(view.identifiedAt)],
    [t('case.openedAt'), format.date(view.openedAt)],
    ...(view.closedAt
      ? [[t('case.closedAt'), format.date(view.closedAt)] as [string, string]]
      : []),
    [
      t('case.exploitationTypes'),
      view.exploitationTypes.length > 0
        ? format.list(view.exploitationTypes.map((code) => format.code('exploitationType', code)))
        : t('common.none'),
    ],
    [
      t('case.indicators'),
      view.indicators.length > 0 ? format.list(view.indicators) : t('common.none'),
    ],
    [t('case.sex'), format.code('sex', view.victim.sex)],
    [t('case.ageGroup'), format.code('ageGroup', view.victim.ageGroup)],
    [t('case.citizenship'), format.country(view.victim.citizenship)],
  ];
  return (
    <section aria-labelledby="summary-title" className="panel">
      <h2 id="summary-title">{t('case.summary')}</h2>
      <dl className="facts" data-testid="case-summary">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
