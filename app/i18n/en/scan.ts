import type { scan as zh } from "../zh-CN/scan";

export const scan = {
  "scan.open": "Scan with the camera",
  "scan.receiveNext": "Next product: scan to receive",
  "scan.title": "Scan",
  "scan.starting": "Opening the camera…",
  "scan.aim": "Hold the barcode inside the frame; it is read as soon as it is sharp",
  "scan.failed": "The camera could not be opened. Allow this page to use the camera, or type the barcode in the box.",
  "scan.close": "Close",
  "count.find": "Scan or search for the product to count",
  "count.findPlaceholder": "Scan or search",
  "count.found": "“{q}”: {total} products",
  "count.notFound": "No product on sale matches “{q}”",
  "count.clear": "Clear search",
  "count.list": "Products to count",
  "count.pages": "Pages",
  "count.previous": "Previous",
  "count.next": "Next",
  "count.range": "{from}–{to} of {total}",
  "count.pageHint": "Submit what you counted on this page before turning to the next.",
} satisfies Record<keyof typeof zh, string>;
