import { describe, expect, it } from "vitest";
import { gs1Date, gtin14, tracePathFor } from "~/domain/trace/trace-path";

describe("a lot's public path (GS1 Digital Link shape)", () => {
  it("pads a valid EAN-13, EAN-8 or UPC-A to a GTIN-14 and keeps the check digit valid", () => {
    expect(gtin14("6901234567892")).toBe("06901234567892");
    expect(gtin14("96385074")).toBe("00000096385074");
    expect(gtin14("036000291452")).toBe("00036000291452");
    expect(gtin14("6901234567891")).toBeNull(); // a wrong check digit
    expect(gtin14("")).toBeNull();
    expect(gtin14(null)).toBeNull();
  });

  it("is /01/{GTIN-14}/10/{code}?17=YYMMDD with a GTIN, /lot/{code} without", () => {
    expect(tracePathFor({ code: "7K2M9QX4TB", barcode: "6901234567892", expiryDate: "2031-03-09" })).toBe(
      "/01/06901234567892/10/7K2M9QX4TB?17=310309",
    );
    expect(tracePathFor({ code: "7K2M9QX4TB", barcode: "6901234567892", expiryDate: "" })).toBe(
      "/01/06901234567892/10/7K2M9QX4TB",
    );
    expect(tracePathFor({ code: "7K2M9QX4TB", barcode: null, expiryDate: "2031-03-09" })).toBe("/lot/7K2M9QX4TB");
    expect(gs1Date("2031-3-9")).toBeNull();
  });
});
