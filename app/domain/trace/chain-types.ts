// The rows of a lot's chain (decision 040), shared by the lot's chain, the alliance's supplier
// batch chain and the authorities' spreadsheet.

export const CHAIN_STEPS = [
  "supplier",
  "certificate",
  "campaign",
  "supplierOrder",
  "supplierBatch",
  "produce",
  "warehouseReceipt",
  "warehouseLot",
  "run",
  "storeReceipt",
  "storeLot",
  "sales",
] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];

export type ChainRow = {
  side: "up" | "lot" | "down";
  step: ChainStep;
  date: string;
  who: string;
  what: string;
  batchNo: string;
  expiryDate: string;
  qty: number | null;
  unit: string;
  document: string;
  certificate: string;
  /** An internal page of the viewer's own that this row opens, if any. */
  link: string | null;
};

export type LotChain = {
  lot: { id: string; batchNo: string; expiryDate: string; onHand: number; product: string; unit: string };
  holder: { name: string; kind: string };
  up: ChainRow[];
  down: ChainRow[];
  salesHidden: boolean;
};
