import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@app/access';
import {
  asStoredEvent,
  AUDIT_BUNDLE_FORMAT,
  AuditBundle,
  BundleEvent,
  notificationStreamOf,
  signBundle,
} from '@app/audit-trail';
import { CaseAccessLog, caseStreamId } from '@app/cases';
import { CaseNotFoundError } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AuditAnchors } from '../anchors/audit-anchors';
import { AuditKey } from '../audit-key/audit-key';
import { AUDIT_KEY } from '../audit-key/audit-key.token';

/**
 * A case's verifiable export: both of its streams exactly as stored (personal data stays sealed,
 * so the chain verifies offline and the file names no victim; free text is as recorded), the newest anchor with the
 * streams' inclusion proofs, and the audit key's signature over all of it.
 */
@Injectable()
export class AuditBundleExport {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
    private readonly anchors: AuditAnchors,
    private readonly accessLog: CaseAccessLog,
  ) {}

  async export(caseId: string, principal: Principal): Promise<AuditBundle> {
    const streamId = caseStreamId(caseId);
    const notificationsStream = notificationStreamOf(caseId);
    const [events, notificationEvents, anchor] = await Promise.all([
      this.read(streamId),
      this.read(notificationsStream),
      this.anchors.latest(),
    ]);
    if (events.length === 0) throw new CaseNotFoundError();
    const [caseProof, notificationsProof] = anchor
      ? await this.anchors.proofs(anchor, [streamId, notificationsStream])
      : [null, null];
    const bundle = signBundle(
      {
        format: AUDIT_BUNDLE_FORMAT,
        caseId,
        exportedAt: new Date().toISOString(),
        streamId,
        events,
        notifications: {
          streamId: notificationsStream,
          events: notificationEvents,
          proof: notificationsProof,
        },
        anchor:
          anchor && caseProof
            ? {
                anchorId: anchor.anchorId,
                merkleRoot: anchor.merkleRoot,
                anchoredAt: anchor.anchoredAt,
                streamCount: anchor.streamCount,
                signature: { algorithm: 'Ed25519', keyId: anchor.keyId, value: anchor.signature },
                ...caseProof,
              }
            : null,
      },
      this.key.privateKey,
      this.key.keyId,
    );
    await this.accessLog.record(caseId, principal, 'export-bundle', false);
    return bundle;
  }

  private async read(streamId: string): Promise<BundleEvent[]> {
    const events: BundleEvent[] = [];
    for await (const event of this.store.readStream(streamId)) events.push(asStoredEvent(event));
    return events;
  }
}
