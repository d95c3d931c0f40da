export interface ErasePersonalData {
  type: 'ErasePersonalData';
  justification: string;
}
