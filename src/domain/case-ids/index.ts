/** Identifiers handed to people: receipt codes for reports, case numbers for bureau cases. */
export {
  newReceiptCode,
  normalizeReceiptCode,
  isReceiptCodeLike,
  findReceiptCode,
  receiptCheckCharacter,
  RECEIPT_ALPHABET,
  RECEIPT_CODE_LENGTH,
  RECEIPT_CODE_SPACE,
  type RandomSource,
} from './receipt-code';
export { formatCaseNumber, parseCaseNumber, type CaseNumber } from './case-number';
