'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideOpenCase = decideOpenCase;
const codes_1 = require('../../codes');
const errors_1 = require('../../errors');
const time_1 = require('../../time');
const case_validation_1 = require('../case.validation');
function decideOpenCase(command, ctx) {
  const identifiedAt = (0, case_validation_1.requireTimestamp)(
    command.identifiedAt,
    'identifiedAt',
  );
  if ((0, time_1.isAfter)(identifiedAt, ctx.now)) {
    throw new errors_1.BusinessRuleViolationError(
      'identifiedAt cannot be in the future',
      'identifiedAt',
    );
  }
  const victim = command.victim ?? {};
  return [
    {
      type: 'case.opened.v1',
      data: {
        caseId: (0, case_validation_1.requireText)(command.caseId, 'caseId'),
        leadAgencyId: ctx.actor.agencyId,
        openedBy: ctx.actor.officerId ?? null,
        openedAt: ctx.now,
        identifiedAt,
        identificationSource: (0, case_validation_1.requireCode)(
          codes_1.IDENTIFICATION_SOURCES,
          command.identificationSource,
          'identificationSource',
        ),
        location: {
          province: (0, case_validation_1.requireCode)(
            codes_1.PROVINCES,
            command.location?.province,
            'location.province',
          ),
          district: (0, case_validation_1.requireText)(
            command.location?.district,
            'location.district',
          ),
        },
        crimeType: (0, case_validation_1.requireCode)(
          codes_1.CRIME_TYPES,
          command.crimeType,
          'crimeType',
        ),
        victim: {
          sex: (0, case_validation_1.requireCode)(codes_1.SEXES, victim.sex, 'victim.sex'),
          ageGroup: (0, case_validation_1.requireCode)(
            codes_1.AGE_GROUPS,
            victim.ageGroup,
            'victim.ageGroup',
          ),
          citizenship: (0, case_validation_1.requireText)(victim.citizenship, 'victim.citizenship'),
          personal: sealedEnvelope(victim.personal),
        },
        exploitationTypes: (0, case_validation_1.requireCodeList)(
          codes_1.EXPLOITATION_TYPES,
          command.exploitationTypes,
          'exploitationTypes',
          { allowEmpty: true },
        ),
        indicators: (0, case_validation_1.requireTextList)(command.indicators, 'indicators'),
      },
    },
  ];
}
function sealedEnvelope(personal) {
  if (personal === undefined || personal === null) return null;
  const field = 'victim.personal';
  return {
    alg: (0, case_validation_1.requireText)(personal.alg, field),
    keyId: (0, case_validation_1.requireText)(personal.keyId, field),
    iv: (0, case_validation_1.requireText)(personal.iv, field),
    ciphertext: (0, case_validation_1.requireText)(personal.ciphertext, field),
    tag: (0, case_validation_1.requireText)(personal.tag, field),
  };
}
//# sourceMappingURL=opening.decide.js.map
