'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.DEFAULT_ACKNOWLEDGE_WITHIN_HOURS = void 0;
exports.isReferralOverdue = isReferralOverdue;
const time_1 = require('../../time');
exports.DEFAULT_ACKNOWLEDGE_WITHIN_HOURS = {
  emergency: 4,
  routine: 48,
};
function isReferralOverdue(referral, now) {
  return (
    referral.status === 'requested' &&
    (referral.overdue || (0, time_1.isAfter)(now, referral.acknowledgeBy))
  );
}
//# sourceMappingURL=referral.rules.js.map
