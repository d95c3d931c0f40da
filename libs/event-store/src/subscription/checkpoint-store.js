'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.CheckpointStore = void 0;
const position_1 = require('../position');
class CheckpointStore {
  sql;
  constructor(sql) {
    this.sql = sql;
  }
  async load(name, initial) {
    await this.sql.query(
      'INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, (0, position_1.formatPosition)(initial)],
    );
    const { rows } = await this.sql.query(
      'SELECT position FROM subscription_checkpoints WHERE name = $1',
      [name],
    );
    return (0, position_1.parsePosition)(rows[0].position);
  }
  async save(name, expected, next) {
    const { rows } = await this.sql.query(
      `UPDATE subscription_checkpoints SET position = $3, updated_at = now()
        WHERE name = $1 AND position = $2 RETURNING name`,
      [name, (0, position_1.formatPosition)(expected), (0, position_1.formatPosition)(next)],
    );
    return rows.length === 1;
  }
  async reset(name, to) {
    await this.sql.query(
      `INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, (0, position_1.formatPosition)(to)],
    );
  }
}
exports.CheckpointStore = CheckpointStore;
//# sourceMappingURL=checkpoint-store.js.map
