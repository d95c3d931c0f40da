import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgencyName } from '../../session/agencies';
import { useFormat } from '../../ui/format';
import { HandOff } from './timeline-items';

/** The referral path, oldest hand-off first, as an ordered list. */
export function ReferralTimeline({ handOffs, atHead }: { handOffs: HandOff[]; atHead: boolean }) {
  const { t } = useTranslation();
  if (handOffs.length === 0) return <p>{t('timeline.empty')}</p>;
  return (
    <>
      {!atHead && <p className="hint">{t('timeline.notificationsAtHead')}</p>}
      <ol className="timeline" aria-label={t('timeline.title')}>
        {handOffs.map((handOff) => (
          <HandOffItem key={handOff.id} handOff={handOff} />
        ))}
      </ol>
    </>
  );
}

function HandOffItem({ handOff }: { handOff: HandOff }) {
  const { t } = useTranslation();
  const format = useFormat();
  const agencyName = useAgencyName();
  const names = { from: agencyName(handOff.fromAgencyId), to: agencyName(handOff.toAgencyId) };
  // Transfers go through requested, accepted and declined, named as for referrals.
  const status = format.code('referralStatus', handOff.status);
  return (
    <li className={`hand-off status-${handOff.status}${handOff.overdue ? ' is-overdue' : ''}`}>
      <h3>
        {handOff.kind === 'referral'
          ? t('timeline.referral', names)
          : t('timeline.transfer', names)}
      </h3>
      <p className="marks">
        <span className="mark">{status}</span>
        {handOff.urgency && (
          <span className={`mark urgency-${handOff.urgency}`}>
            {format.code('urgency', handOff.urgency)}
          </span>
        )}
        {handOff.overdue && <span className="mark overdue">{t('timeline.overdue')}</span>}
      </p>
      <dl className="facts">
        {handOff.services.length > 0 && (
          <Fact label={t('timeline.services')}>
            {format.list(handOff.services.map((service) => format.code('service', service)))}
          </Fact>
        )}
        <Fact label={t('timeline.requestedAt')}>{format.date(handOff.requestedAt)}</Fact>
        {handOff.acknowledgeBy && (
          <Fact label={t('timeline.acknowledgeBy')}>{format.date(handOff.acknowledgeBy)}</Fact>
        )}
        {handOff.acknowledgedAt && (
          <Fact label={t('timeline.acknowledgedAt')}>{format.date(handOff.acknowledgedAt)}</Fact>
        )}
        {handOff.kind === 'referral' && (
          <Fact label={t('timeline.hoursToAcknowledge')}>
            {format.hours(handOff.hoursToAcknowledge)}
          </Fact>
        )}
        {handOff.decidedAt && (
          <Fact label={t('timeline.decidedAt')}>{format.date(handOff.decidedAt)}</Fact>
        )}
        <Fact label={t('timeline.hoursToDecision')}>{format.hours(handOff.hoursToDecision)}</Fact>
        {handOff.declineReason && (
          <Fact label={t('timeline.declineReason')}>
            {format.code('declineReason', handOff.declineReason)}
          </Fact>
        )}
        {handOff.completedAt && (
          <Fact label={t('timeline.completedAt')}>{format.date(handOff.completedAt)}</Fact>
        )}
        {handOff.outcome && (
          <Fact label={t('timeline.outcome')}>{format.code('outcome', handOff.outcome)}</Fact>
        )}
        {handOff.overdueRecordedAt && (
          <Fact label={t('timeline.overdueRecordedAt')}>
            {format.date(handOff.overdueRecordedAt)}
          </Fact>
        )}
      </dl>
      {handOff.notifications && <Notifications handOff={handOff} />}
    </li>
  );
}

function Notifications({ handOff }: { handOff: HandOff }) {
  const { t } = useTranslation();
  const format = useFormat();
  const agencyName = useAgencyName();
  const notifications = handOff.notifications ?? [];
  return (
    <div className="notifications">
      <h4>{t('timeline.notifications')}</h4>
      {notifications.length === 0 ? (
        <p className="hint">{t('timeline.noNotifications')}</p>
      ) : (
        <ul>
          {notifications.map((notification) => (
            <li key={notification.notificationId} className={`delivery-${notification.status}`}>
              {t('timeline.notification', {
                type: notification.type,
                agency: agencyName(notification.agencyId),
                status: format.code('notificationStatus', notification.status),
              })}{' '}
              <span className="hint">
                ({t('timeline.attempts', { count: notification.attempts })}
                {notification.lastStatusCode !== undefined &&
                  `, ${t('timeline.httpStatus', { code: notification.lastStatusCode })}`}
                {notification.deliveredAt && `, ${format.date(notification.deliveredAt)}`})
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
