'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.CheckpointedSubscription = void 0;
const promises_1 = require('node:timers/promises');
const common_1 = require('@nestjs/common');
const event_store_port_1 = require('../event-store.port');
const checkpoint_store_1 = require('./checkpoint-store');
const MAX_BACKOFF_MS = 30_000;
class CheckpointedSubscription {
  name;
  handler;
  source;
  sql;
  options;
  logger;
  checkpoints;
  batchSize;
  pollIntervalMs;
  stopped = false;
  stopping = new AbortController();
  running = Promise.resolve();
  wake = null;
  pendingWake = false;
  removeListener = () => undefined;
  caughtUpWaiters = [];
  readCounter = 0;
  activeState = false;
  checkpointState = null;
  constructor(name, handler, source, sql, options = {}) {
    this.name = name;
    this.handler = handler;
    this.source = source;
    this.sql = sql;
    this.options = options;
    this.logger = new common_1.Logger(`Subscription:${name}`);
    this.checkpoints = new checkpoint_store_1.CheckpointStore(sql);
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
  }
  get active() {
    return this.activeState;
  }
  get checkpoint() {
    return this.checkpointState;
  }
  start() {
    this.removeListener = this.source.onAppended(() => this.signal());
    this.running = this.run();
    return this;
  }
  async stop() {
    this.stopped = true;
    this.stopping.abort();
    this.removeListener();
    this.signal();
    await this.running;
    for (const waiter of this.caughtUpWaiters.splice(0)) waiter.resolve();
  }
  caughtUp(timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.caughtUpWaiters = this.caughtUpWaiters.filter((w) => w !== waiter);
        reject(new Error(`subscription ${this.name} did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        since: this.readCounter,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.caughtUpWaiters.push(waiter);
      this.signal();
    });
  }
  async pause(ms) {
    await (0, promises_1.setTimeout)(ms, undefined, { signal: this.stopping.signal }).catch(
      () => undefined,
    );
  }
  signal() {
    this.pendingWake = true;
    this.wake?.();
  }
  async idle() {
    if (this.pendingWake || this.stopped) {
      this.pendingWake = false;
      return;
    }
    await new Promise((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
    this.pendingWake = false;
  }
  async run() {
    while (!this.stopped) {
      let lock = null;
      try {
        lock = await this.sql.tryLock(`subscription:${this.name}`);
        if (!lock) {
          await this.idle();
          continue;
        }
        this.activeState = true;
        await this.deliver(lock);
      } catch (error) {
        this.logger.error(`subscription failed, retrying: ${error.message}`);
        await this.pause(this.pollIntervalMs);
      } finally {
        this.activeState = false;
        await lock?.release();
      }
    }
  }
  async deliver(lock) {
    let lockLost = false;
    void lock.lost.then(() => {
      lockLost = true;
      this.signal();
    });
    let position = await this.checkpoints.load(
      this.name,
      this.options.from ?? event_store_port_1.START_POSITION,
    );
    this.checkpointState = position;
    let failures = 0;
    while (!this.stopped && !lockLost) {
      const readNumber = ++this.readCounter;
      const batch = await this.source.readAll(position, this.batchSize);
      if (batch.length === 0) {
        this.releaseCaughtUpWaiters(readNumber);
        await this.idle();
        continue;
      }
      let handled = position;
      let failed = null;
      for (const event of batch) {
        if (this.stopped || lockLost) break;
        try {
          await this.handler(event);
          handled = event.position;
        } catch (error) {
          failed = error;
          break;
        }
      }
      if (handled !== position) {
        if (!(await this.checkpoints.save(this.name, position, handled))) {
          this.logger.warn('checkpoint moved by another processor; standing by');
          return;
        }
        position = handled;
        this.checkpointState = handled;
      }
      if (failed) {
        failures++;
        const delay = Math.min(MAX_BACKOFF_MS, this.pollIntervalMs * 2 ** Math.min(failures, 10));
        this.logger.error(
          `handler failed (attempt ${failures}), retrying in ${delay} ms: ${failed.message}`,
        );
        await this.pause(delay);
      } else {
        failures = 0;
      }
    }
  }
  releaseCaughtUpWaiters(readNumber) {
    const ready = this.caughtUpWaiters.filter((w) => w.since < readNumber);
    this.caughtUpWaiters = this.caughtUpWaiters.filter((w) => w.since >= readNumber);
    for (const waiter of ready) waiter.resolve();
  }
}
exports.CheckpointedSubscription = CheckpointedSubscription;
//# sourceMappingURL=checkpointed-subscription.js.map
