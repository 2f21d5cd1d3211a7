export {
  REPAYMENT_TENDERS,
  SALE_STATUSES,
  TENDERS,
  type RepaymentTender,
  type SaleStatus,
  type Tender,
} from "@db/schema/enums";
