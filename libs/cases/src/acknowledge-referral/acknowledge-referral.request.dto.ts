export class AcknowledgeReferralRequestDto {}
