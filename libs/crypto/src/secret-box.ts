import { Inject, Injectable } from '@nestjs/common';
import { open, seal, Sealed } from './aead';
import { MASTER_KEY } from './master-key';

/** Seals small secrets (agencies' webhook secrets) under the master key, bound to their owner. */
@Injectable()
export class SecretBox {
  constructor(@Inject(MASTER_KEY) private readonly masterKey: Buffer) {}

  seal(secret: string, owner: string): Sealed {
    return seal(this.masterKey, 'master', Buffer.from(secret, 'utf8'), owner);
  }

  open(sealed: Sealed, owner: string): string {
    return open(this.masterKey, sealed, owner).toString('utf8');
  }
}
