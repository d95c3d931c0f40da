import {
  AuditBundle,
  BundleVerification,
  NotificationPathItem,
  ReferralPath,
  StreamProof,
} from '@app/audit-trail';
import { CaseState } from '@app/domain';
import { clean, hours, list, row } from './text';

/**
 * Every report prints named fields only, never event data as such: the data holds the victim's
 * sealed personal data and free-text notes, which an audit report has no business showing.
 */

export function verificationReport(
  bundle: AuditBundle,
  result: BundleVerification & { valid: true },
): string {
  const { anchor, notifications } = bundle;
  const lines = [
    `Audit bundle of case ${clean(bundle.caseId)}, exported ${clean(bundle.exportedAt)}`,
    row('signature', `OK (Ed25519, key ${bundle.signature.keyId})`),
    row('case stream', `${result.eventsChecked} events, hash chain OK`),
    row('notifications', `${result.notificationEventsChecked} events, hash chain OK`),
  ];
  if (anchor === null) {
    lines.push(row('anchor', 'none: the bundle signature alone vouches for the streams'));
  } else {
    lines.push(
      row('anchor', `${clean(anchor.anchorId)} at ${clean(anchor.anchoredAt)}, signature OK`),
      row('merkle root', `${anchor.merkleRoot} over ${anchor.streamCount} streams`),
      row('case stream', coverage(anchor, bundle.events.length)),
      row(
        'notifications',
        notifications.proof === null
          ? 'not in this anchor'
          : coverage(notifications.proof, notifications.events.length),
      ),
    );
  }
  lines.push('VALID');
  return lines.join('\n');
}

function coverage(proof: StreamProof, events: number): string {
  const { version } = proof.leaf;
  const later = version < events ? `; versions ${version + 1}-${events} are newer than it` : '';
  return `inclusion OK (leaf ${proof.leafIndex}), anchored at version ${version} of ${events}${later}`;
}

export function pathReport(path: ReferralPath): string {
  const lines = [`Referral path of case ${clean(path.caseId)} (version ${path.version})`, ''];
  if (path.items.length === 0) lines.push('No referrals.');
  path.items.forEach((r, i) => {
    lines.push(
      `${i + 1}. Referral ${clean(r.referralId)}`,
      row(
        'requested',
        `${clean(r.requestedAt)}  ${clean(r.fromAgencyId)} → ${clean(r.toAgencyId)}`,
        '   ',
      ),
      row('services', list(r.services), '   '),
      row('urgency', clean(r.urgency), '   '),
      row('status', clean(r.status) + (r.overdue ? '  [OVERDUE]' : ''), '   '),
      row('acknowledge by', clean(r.acknowledgeBy), '   '),
    );
    if (r.acknowledgedAt !== undefined) {
      lines.push(
        row(
          'acknowledged',
          `${clean(r.acknowledgedAt)}  after ${hours(r.hoursToAcknowledge)}`,
          '   ',
        ),
      );
    }
    if (r.overdueRecordedAt !== undefined) {
      lines.push(row('overdue recorded', clean(r.overdueRecordedAt), '   '));
    }
    if (r.decidedAt !== undefined) {
      lines.push(row('decided', `${clean(r.decidedAt)}  after ${hours(r.hoursToDecision)}`, '   '));
    }
    if (r.declineReason !== undefined)
      lines.push(row('decline reason', clean(r.declineReason), '   '));
    if (r.completedAt !== undefined) {
      lines.push(row('completed', `${clean(r.completedAt)}  outcome ${clean(r.outcome)}`, '   '));
    }
    lines.push(...notificationLines(r.notifications), '');
  });
  lines.push('Transfers:');
  if (path.transfers.length === 0) lines.push('   none');
  for (const t of path.transfers) {
    const decided =
      t.decidedAt === undefined
        ? ''
        : `, decided ${clean(t.decidedAt)} after ${hours(t.hoursToDecision)}`;
    lines.push(
      `   ${clean(t.transferId)}  ${clean(t.fromAgencyId)} → ${clean(t.toAgencyId)}: ${clean(t.status)}`,
      `      requested ${clean(t.requestedAt)}${decided}`,
      ...notificationLines(t.notifications),
    );
  }
  return lines.join('\n');
}

function notificationLines(notifications: readonly NotificationPathItem[]): string[] {
  if (notifications.length === 0) return [row('notifications', 'none', '   ')];
  return [
    row('notifications', '', '   ').trimEnd(),
    ...notifications.map((n) => {
      const attempts = `${n.attempts} attempt${n.attempts === 1 ? '' : 's'}`;
      const status = n.lastStatusCode === undefined ? '' : `, last status ${n.lastStatusCode}`;
      const delivered = n.deliveredAt === undefined ? '' : ` at ${clean(n.deliveredAt)}`;
      return `      ${clean(n.type)} to ${clean(n.agencyId)}: ${n.status}${delivered}, ${attempts}${status}`;
    }),
  ];
}

export function replayReport(
  caseId: string,
  asOf: string,
  state: CaseState | null,
  replayed: number,
  total: number,
): string {
  if (state === null) {
    return `Case ${clean(caseId)} did not exist yet at ${asOf} (none of its ${total} events had been recorded).`;
  }
  const v = state.victim;
  const personal = v.personalDataErased ? 'erased' : v.personal !== null ? 'sealed' : 'none';
  const lines = [
    `Case ${clean(caseId)} as of ${asOf} (version ${replayed} of ${total})`,
    row('status', clean(state.status)),
    row('lead agency', clean(state.leadAgencyId)),
    row('crime type', clean(state.crimeType)),
    row('trafficking status', clean(state.traffickingStatus)),
    row('location', `${clean(state.location.district)}, ${clean(state.location.province)}`),
    row('identification', `${clean(state.identificationSource)}, ${clean(state.identifiedAt)}`),
    row('exploitation types', list(state.exploitationTypes)),
    row(
      'victim',
      `${clean(v.sex)}, ${clean(v.ageGroup)}, citizenship ${clean(v.citizenship)}; personal data ${personal}`,
    ),
    'referrals',
    ...(state.referrals.length === 0 ? ['   none'] : []),
    ...state.referrals.map(
      (r) =>
        `   ${clean(r.referralId)}  ${clean(r.fromAgencyId)} → ${clean(r.toAgencyId)}: ${clean(r.status)}` +
        `${r.overdue ? ' [OVERDUE]' : ''} (${list(r.services)})`,
    ),
    'transfers',
    ...(state.transfers.length === 0 ? ['   none'] : []),
    ...state.transfers.map(
      (t) =>
        `   ${clean(t.transferId)}  ${clean(t.fromAgencyId)} → ${clean(t.toAgencyId)}: ${clean(t.status)}`,
    ),
    'consents',
    ...(state.consents.length === 0 ? ['   none'] : []),
    ...state.consents.map(
      (c) =>
        `   ${clean(c.decision)} ${clean(c.scope)}${c.agencyId === undefined ? '' : ` ${clean(c.agencyId)}`}` +
        ` (recorded ${clean(c.recordedAt)})`,
    ),
    row(
      'closure',
      state.closedAt === undefined
        ? 'not closed'
        : `closed ${clean(state.closedAt)} (${clean(state.closureReason)})`,
    ),
  ];
  return lines.join('\n');
}
