import { AssistanceDecision, ProtectionMeasure, Service } from '../../codes';

export interface RecordAssistanceDecision {
  type: 'RecordAssistanceDecision';
  decisionId: string;
  service: Service;
  decision: AssistanceDecision;
  rationale: string;
}

export interface RecordProtectionMeasure {
  type: 'RecordProtectionMeasure';
  measureId: string;
  measure: ProtectionMeasure;
  decision: AssistanceDecision;
  rationale: string;
}

export type AssistanceCommand = RecordAssistanceDecision | RecordProtectionMeasure;
