import {
  CASE_EVENT_TYPES,
  createCaseEventRegistry,
  isCaseEventType,
  upcast,
} from './case/case.event-types';
import { CaseEventOf } from './case/case.events';
import { SAMPLE_EVENTS } from './case/testing/case.fixtures';
import { UnknownEventTypeError } from './errors';

describe('case event registry', () => {
  it('registers every case event type exactly once, each with a schema version', () => {
    expect(new Set(CASE_EVENT_TYPES).size).toBe(CASE_EVENT_TYPES.length);
    expect([...CASE_EVENT_TYPES].sort()).toEqual(Object.keys(SAMPLE_EVENTS).sort());
    for (const type of CASE_EVENT_TYPES) expect(type).toMatch(/^[a-z-]+(\.[a-z-]+)+\.v\d+$/);
  });

  it.each(CASE_EVENT_TYPES)('round-trips %s through storage', (type) => {
    const event = SAMPLE_EVENTS[type];
    const stored = JSON.parse(JSON.stringify(event.data)) as unknown;
    expect(upcast(type, stored)).toEqual(event);
    expect(isCaseEventType(type)).toBe(true);
  });

  it('refuses an unknown type', () => {
    expect(() => upcast('case.teleported.v1', {})).toThrow(UnknownEventTypeError);
    expect(isCaseEventType('case.teleported.v1')).toBe(false);
  });

  describe('upcasters', () => {
    // A hypothetical first schema: the victim's profile flat on the event, no identification
    // source, and the deadline given as hours instead of a timestamp on a since-renamed type.
    interface CaseOpenedV0 {
      caseId: string;
      agencyId: string;
      openedAt: string;
      identifiedAt: string;
      province: CaseEventOf<'case.opened.v1'>['data']['location']['province'];
      district: string;
      crimeType: CaseEventOf<'case.opened.v1'>['data']['crimeType'];
      sex: CaseEventOf<'case.opened.v1'>['data']['victim']['sex'];
      ageGroup: CaseEventOf<'case.opened.v1'>['data']['victim']['ageGroup'];
      citizenship: string;
    }

    function registryWithOldSchemas() {
      const registry = createCaseEventRegistry();
      registry.registerUpcaster({
        fromType: 'case.opened.v0',
        toType: 'case.opened.v1',
        upcast: (data): CaseEventOf<'case.opened.v1'>['data'] => {
          const old = data as CaseOpenedV0;
          return {
            caseId: old.caseId,
            leadAgencyId: old.agencyId,
            openedBy: null,
            openedAt: old.openedAt,
            identifiedAt: old.identifiedAt,
            identificationSource: 'other',
            location: { province: old.province, district: old.district },
            crimeType: old.crimeType,
            victim: {
              sex: old.sex,
              ageGroup: old.ageGroup,
              citizenship: old.citizenship,
              personal: null,
            },
            exploitationTypes: [],
            indicators: [],
          };
        },
      });
      return registry;
    }

    const v0 = {
      caseId: 'case-1',
      agencyId: 'fia-karachi',
      openedAt: '2020-01-01T00:00:00.000Z',
      identifiedAt: '2019-12-31T00:00:00.000Z',
      province: 'sindh',
      district: 'Karachi',
      crimeType: 'som',
      sex: 'male',
      ageGroup: 'unknown',
      citizenship: 'AF',
    };

    it('maps an old schema version to the current event', () => {
      const event = registryWithOldSchemas().upcast('case.opened.v0', v0);
      expect(event.type).toBe('case.opened.v1');
      expect(event.data).toMatchObject({
        leadAgencyId: 'fia-karachi',
        identificationSource: 'other',
        location: { province: 'sindh', district: 'Karachi' },
        victim: { ageGroup: 'unknown', personal: null },
      });
    });

    it('follows a chain of upcasters registered from newest to oldest', () => {
      const registry = createCaseEventRegistry();
      registry.registerUpcaster({
        fromType: 'referral.requested.v0',
        toType: 'referral.requested.v1',
        upcast: (data) => {
          const { deadlineHours, ...rest } = data as { deadlineHours: number; requestedAt: string };
          const acknowledgeBy = new Date(
            Date.parse(rest.requestedAt) + deadlineHours * 3_600_000,
          ).toISOString();
          return { ...rest, acknowledgeBy };
        },
      });
      registry.registerUpcaster({
        fromType: 'referral.sent.v0',
        toType: 'referral.requested.v0',
        upcast: (data) => {
          const { from, to, ...rest } = data as { from: string; to: string };
          return { ...rest, fromAgencyId: from, toAgencyId: to };
        },
      });
      const current = SAMPLE_EVENTS['referral.requested.v1'].data;
      const { fromAgencyId, toAgencyId, acknowledgeBy: _deadline, ...rest } = current;
      const stored = { ...rest, from: fromAgencyId, to: toAgencyId, deadlineHours: 4 };
      expect(registry.upcast('referral.sent.v0', stored)).toEqual(
        SAMPLE_EVENTS['referral.requested.v1'],
      );
    });

    it('refuses an upcaster to a type it does not know yet', () => {
      const registry = createCaseEventRegistry();
      expect(() =>
        registry.registerUpcaster({
          fromType: 'referral.sent.v0',
          toType: 'referral.requested.v0',
          upcast: (data) => data,
        }),
      ).toThrow(/Register referral.requested.v0/);
    });

    it('refuses a second upcaster for the same type, or one for a current type', () => {
      const registry = createCaseEventRegistry();
      const toV1 = {
        fromType: 'case.opened.v0',
        toType: 'case.opened.v1',
        upcast: (d: unknown) => d,
      };
      registry.registerUpcaster(toV1);
      expect(() => registry.registerUpcaster(toV1)).toThrow(/already registered/);
      expect(() => registry.registerUpcaster({ ...toV1, fromType: 'case.opened.v1' })).toThrow(
        /already registered/,
      );
    });

    it('leaves the shared registry untouched', () => {
      registryWithOldSchemas();
      expect(() => upcast('case.opened.v0', v0)).toThrow(UnknownEventTypeError);
    });
  });
});
