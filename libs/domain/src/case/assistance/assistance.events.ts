import { AssistanceDecision, ProtectionMeasure, Service } from '../../codes';

export interface AssistanceDecided {
  type: 'assistance.decided.v1';
  data: {
    decisionId: string;
    service: Service;
    decision: AssistanceDecision;
    rationale: string;
    agencyId: string;
    decidedAt: string;
  };
}

export interface ProtectionMeasureDecided {
  type: 'protection-measure.decided.v1';
  data: {
    measureId: string;
    measure: ProtectionMeasure;
    decision: AssistanceDecision;
    rationale: string;
    agencyId: string;
    decidedAt: string;
  };
}

export type AssistanceEvent = AssistanceDecided | ProtectionMeasureDecided;
