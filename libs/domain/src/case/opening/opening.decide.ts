import { DecisionContext } from '../../actor';
import {
  AGE_GROUPS,
  CRIME_TYPES,
  EXPLOITATION_TYPES,
  IDENTIFICATION_SOURCES,
  PROVINCES,
  SEXES,
} from '../../codes';
import { BusinessRuleViolationError } from '../../errors';
import { isAfter } from '../../time';
import { SealedPersonalData } from '../case.state';
import {
  requireCode,
  requireCodeList,
  requireText,
  requireTextList,
  requireTimestamp,
} from '../case.validation';
import { OpenCase } from './opening.commands';
import { CaseOpened } from './opening.events';

/**
 * How far ahead of the time of recording an identification may lie: the clocks of the agencies'
 * own systems run a little ahead or behind, and a case must not be refused for that.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

export function decideOpenCase(command: OpenCase, ctx: DecisionContext): CaseOpened[] {
  const identifiedAt = requireTimestamp(command.identifiedAt, 'identifiedAt');
  if (isAfter(identifiedAt, new Date(Date.parse(ctx.now) + CLOCK_SKEW_MS).toISOString())) {
    throw new BusinessRuleViolationError('identifiedAt cannot be in the future', 'identifiedAt');
  }
  const victim = command.victim ?? {};
  return [
    {
      type: 'case.opened.v1',
      data: {
        caseId: requireText(command.caseId, 'caseId'),
        leadAgencyId: ctx.actor.agencyId,
        openedBy: ctx.actor.officerId ?? null,
        openedAt: ctx.now,
        identifiedAt,
        identificationSource: requireCode(
          IDENTIFICATION_SOURCES,
          command.identificationSource,
          'identificationSource',
        ),
        location: {
          province: requireCode(PROVINCES, command.location?.province, 'location.province'),
          district: requireText(command.location?.district, 'location.district'),
        },
        crimeType: requireCode(CRIME_TYPES, command.crimeType, 'crimeType'),
        victim: {
          sex: requireCode(SEXES, victim.sex, 'victim.sex'),
          ageGroup: requireCode(AGE_GROUPS, victim.ageGroup, 'victim.ageGroup'),
          citizenship: requireText(victim.citizenship, 'victim.citizenship'),
          personal: sealedEnvelope(victim.personal),
        },
        exploitationTypes: requireCodeList(
          EXPLOITATION_TYPES,
          command.exploitationTypes,
          'exploitationTypes',
          { allowEmpty: true },
        ),
        indicators: requireTextList(command.indicators, 'indicators'),
      },
    },
  ];
}

/**
 * Copies only the envelope's own fields, so cleartext passed by mistake next to them can never
 * reach the event stream, and refuses anything that is not an envelope at all.
 */
function sealedEnvelope(
  personal: SealedPersonalData | null | undefined,
): SealedPersonalData | null {
  if (personal === undefined || personal === null) return null;
  const field = 'victim.personal';
  return {
    alg: requireText(personal.alg, field),
    keyId: requireText(personal.keyId, field),
    iv: requireText(personal.iv, field),
    ciphertext: requireText(personal.ciphertext, field),
    tag: requireText(personal.tag, field),
  };
}
