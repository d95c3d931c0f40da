import { Injectable } from '@nestjs/common';
import { AgencyRegistry } from '@app/access';
import { NewNotification, NotificationLedger, notificationIdOf } from '@app/notifications';
import { Anchor } from './audit-anchors';

const TYPE = 'audit.anchor';

/**
 * Sends each anchor's signed root as an `audit.anchor` webhook to every oversight agency with a
 * webhook: copies of the roots then live outside this database, so rewriting the store and its
 * anchors together would still show. Recording is idempotent (ids from the anchor and the
 * agency), so it is safely repeated until it has happened once.
 */
@Injectable()
export class AnchorWitnesses {
  constructor(
    private readonly agencies: AgencyRegistry,
    private readonly ledger: NotificationLedger,
  ) {}

  async tell(anchor: Anchor): Promise<void> {
    const oversight = (await this.agencies.list())
      .filter((agency) => agency.type === 'oversight')
      .map((agency) => agency.agencyId);
    if (oversight.length === 0) return;
    const reachable = await this.agencies.withWebhooks(oversight);
    const source = `anchor/${anchor.anchorId}`;
    const owed: NewNotification[] = [...reachable].map((agencyId) => ({
      notificationId: notificationIdOf(source, TYPE, agencyId),
      type: TYPE,
      agencyId,
      caseId: null,
      source,
      data: {
        anchorId: anchor.anchorId,
        merkleRoot: anchor.merkleRoot,
        streamCount: anchor.streamCount,
        anchoredAt: anchor.anchoredAt,
        keyId: anchor.keyId,
        signature: anchor.signature,
      },
    }));
    await this.ledger.record(owed);
  }
}
