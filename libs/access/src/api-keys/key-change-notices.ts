import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Listener, SqlClient } from '@app/database';
import { ApiKeyRepository } from './api-key.repository';

/** access.migrations.ts: a trigger notifies it on every update, delete or truncate of keys. */
const CHANNEL = 'api_keys_changed';
/**
 * How long a revocation waits for every listening process to confirm that it forgot its kept
 * keys; then it is answered anyway, naming the silent processes in the log. Also how recent the
 * listening session's last sign of life must be for kept keys to be used at all.
 */
export const CONFIRMATION_WAIT_MS = 2_000;
/** The listening sessions' application name: this prefix and the process id. */
const SESSION_PREFIX = 'safe-referral/api-keys/';
/** A revoking process asks `check:<nonce>`; each listener answers `dropped:<nonce>:<process>`. */
const CHECK = 'check:';
const DROPPED = 'dropped:';

/**
 * This process's side of the key-change protocol (libs/access/README.md): it hears of every change
 * to a key, whoever made it, and tells `onChange` (which forgets the kept keys); it answers other
 * processes' checks; and it makes a revocation wait until every process has heard of it.
 */
export class KeyChangeNotices {
  private readonly logger = new Logger(KeyChangeNotices.name);
  private readonly processId = uuidv7();
  private listening = false;
  private listener?: Listener;
  /** This process's checks waiting for answers: nonce → the handler of one process's answer. */
  private readonly checks = new Map<string, (process: string) => void>();

  constructor(
    private readonly sql: SqlClient,
    private readonly keys: ApiKeyRepository,
    private readonly onChange: () => void,
  ) {}

  /**
   * Kept keys may be used only now: while listening, and the session has shown a sign of life
   * within CONFIRMATION_WAIT_MS (a cut network reports nothing, and a session gone silent may
   * have missed a revocation that is about to be answered).
   */
  get live(): boolean {
    const heardAt = this.listener?.lastHeard() ?? 0;
    return this.listening && Date.now() - heardAt < CONFIRMATION_WAIT_MS;
  }

  async start(): Promise<void> {
    this.listener = await this.sql.listen(
      CHANNEL,
      {
        notify: (payload) => this.heard(payload),
        listening: () => {
          this.onChange();
          this.listening = true;
        },
        lost: () => {
          if (this.listening) this.logger.warn('key change notifications lost: looking keys up');
          this.listening = false;
          this.onChange();
        },
      },
      { applicationName: `${SESSION_PREFIX}${this.processId}` },
    );
  }

  async stop(): Promise<void> {
    this.listening = false;
    await this.listener?.close();
  }

  /**
   * Waits until every process listening to key changes has handled the changes committed so far,
   * at most CONFIRMATION_WAIT_MS: notifications arrive in commit order, so a process that answers
   * a check sent after the revocation committed has handled the revocation. Embedded, this is
   * the only process, and it forgot its kept keys already.
   */
  async confirm(keyId: string): Promise<void> {
    if (this.sql.kind === 'embedded') return;
    const deadline = Date.now() + CONFIRMATION_WAIT_MS;
    while (!this.listening && Date.now() < deadline) await sleep(50);
    const listener = this.listener;
    if (!this.listening || !listener) {
      this.logger.warn(
        `revocation of key ${keyId} answered unconfirmed: not listening to key changes`,
      );
      return;
    }
    const expected = new Set(
      await this.keys.sessionsNamed(SESSION_PREFIX).catch((error: unknown) => {
        this.logger.warn(`could not list the processes keeping keys: ${(error as Error).message}`);
        return [];
      }),
    );
    expected.add(this.processId);
    const confirmed = new Set<string>();
    const nonce = uuidv7();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          const silent = [...expected].filter((p) => !confirmed.has(p));
          this.logger.warn(
            `revocation of key ${keyId} not confirmed within ${CONFIRMATION_WAIT_MS} ms by ${silent.join(', ')}`,
          );
          if (!confirmed.has(this.processId)) {
            // Its own notifications do not flow as they should: keep nothing until listening anew.
            this.listening = false;
            this.onChange();
            listener.restart();
          }
          resolve();
        },
        Math.max(0, deadline - Date.now()),
      );
      timer.unref();
      this.checks.set(nonce, (process) => {
        confirmed.add(process);
        if ([...expected].every((p) => confirmed.has(p))) {
          clearTimeout(timer);
          resolve();
        }
      });
      listener.notify(`${CHECK}${nonce}`).catch((error: unknown) => {
        this.logger.warn(`could not check a revocation: ${(error as Error).message}`);
      });
    }).finally(() => this.checks.delete(nonce));
  }

  private heard(payload: string): void {
    if (payload.startsWith(DROPPED)) {
      const answer = payload.slice(DROPPED.length);
      const at = answer.lastIndexOf(':');
      this.checks.get(answer.slice(0, at))?.(answer.slice(at + 1));
    } else if (payload.startsWith(CHECK)) {
      // Every change committed before the check has been handled by now: confirm.
      this.listener
        ?.notify(`${DROPPED}${payload.slice(CHECK.length)}:${this.processId}`)
        .catch((error: unknown) =>
          this.logger.warn(`could not answer a key check: ${(error as Error).message}`),
        );
    } else {
      this.onChange();
    }
  }
}
