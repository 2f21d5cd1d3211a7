/** The idempotency key every form carries, minted when the page rendered. */
export function RequestId({ value }: { value: string }) {
  return <input type="hidden" name="requestId" value={value} />;
}
