'use strict';
var __createBinding =
  (this && this.__createBinding) ||
  (Object.create
    ? function (o, m, k, k2) {
        if (k2 === undefined) k2 = k;
        var desc = Object.getOwnPropertyDescriptor(m, k);
        if (!desc || ('get' in desc ? !m.__esModule : desc.writable || desc.configurable)) {
          desc = {
            enumerable: true,
            get: function () {
              return m[k];
            },
          };
        }
        Object.defineProperty(o, k2, desc);
      }
    : function (o, m, k, k2) {
        if (k2 === undefined) k2 = k;
        o[k2] = m[k];
      });
var __setModuleDefault =
  (this && this.__setModuleDefault) ||
  (Object.create
    ? function (o, v) {
        Object.defineProperty(o, 'default', { enumerable: true, value: v });
      }
    : function (o, v) {
        o['default'] = v;
      });
var __importStar =
  (this && this.__importStar) ||
  (function () {
    var ownKeys = function (o) {
      ownKeys =
        Object.getOwnPropertyNames ||
        function (o) {
          var ar = [];
          for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
          return ar;
        };
      return ownKeys(o);
    };
    return function (mod) {
      if (mod && mod.__esModule) return mod;
      var result = {};
      if (mod != null)
        for (var k = ownKeys(mod), i = 0; i < k.length; i++)
          if (k[i] !== 'default') __createBinding(result, mod, k[i]);
      __setModuleDefault(result, mod);
      return result;
    };
  })();
Object.defineProperty(exports, '__esModule', { value: true });
exports.PgliteSqlClient = exports.DataDirectoryLockedError = void 0;
const promises_1 = require('node:fs/promises');
const node_path_1 = require('node:path');
const pglite_1 = require('@electric-sql/pglite');
const lockfile = __importStar(require('proper-lockfile'));
class DataDirectoryLockedError extends Error {
  dataDir;
  constructor(dataDir) {
    super(
      `The data directory ${dataDir} is in use by another Safe Referral process. ` +
        'Embedded PostgreSQL allows one process per data directory: stop the other process, ' +
        'or give this one its own DATA_DIR.',
    );
    this.dataDir = dataDir;
    this.name = 'DataDirectoryLockedError';
  }
}
exports.DataDirectoryLockedError = DataDirectoryLockedError;
class PgliteSqlClient {
  db;
  releaseDirectory;
  kind = 'embedded';
  heldLocks = new Set();
  constructor(db, releaseDirectory) {
    this.db = db;
    this.releaseDirectory = releaseDirectory;
  }
  static async open(options) {
    const dataDir = (0, node_path_1.resolve)(options.dataDir);
    await (0, promises_1.mkdir)(dataDir, { recursive: true });
    const staleMs = options.staleMs ?? 10_000;
    const lockWaitMs = options.lockWaitMs ?? staleMs + 2_000;
    let releaseDirectory;
    try {
      releaseDirectory = await lockfile.lock(dataDir, {
        lockfilePath: (0, node_path_1.join)(dataDir, '.lock'),
        stale: staleMs,
        update: Math.max(1_000, Math.floor(staleMs / 3)),
        retries: {
          retries: Math.max(0, Math.ceil(lockWaitMs / 500)),
          minTimeout: 500,
          maxTimeout: 500,
          factor: 1,
        },
        realpath: false,
        onCompromised: (error) => {
          process.emitWarning(`data directory lock compromised: ${error.message}`);
          process.exit(70);
        },
      });
    } catch (error) {
      if (error.code === 'ELOCKED') throw new DataDirectoryLockedError(dataDir);
      throw error;
    }
    try {
      const db = await pglite_1.PGlite.create((0, node_path_1.join)(dataDir, 'pglite'));
      return new PgliteSqlClient(db, releaseDirectory);
    } catch (error) {
      await releaseDirectory();
      throw error;
    }
  }
  async query(sql, params = []) {
    const result = await this.db.query(sql, params);
    return { rows: result.rows };
  }
  async transaction(work) {
    return this.db.transaction(async (tx) =>
      work({
        query: async (sql, params = []) => ({
          rows: (await tx.query(sql, params)).rows,
        }),
      }),
    );
  }
  async tryLock(name) {
    if (this.heldLocks.has(name)) return null;
    this.heldLocks.add(name);
    let released = false;
    return {
      lost: new Promise(() => undefined),
      release: async () => {
        if (released) return;
        released = true;
        this.heldLocks.delete(name);
      },
    };
  }
  async close() {
    if (!this.db.closed) await this.db.close();
    await this.releaseDirectory().catch(() => undefined);
  }
}
exports.PgliteSqlClient = PgliteSqlClient;
//# sourceMappingURL=pglite-sql-client.js.map
