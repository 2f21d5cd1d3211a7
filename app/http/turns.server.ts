/**
 * Long synchronous work (a sync batch of up to 100 sales in one SQLite transaction) run one piece
 * per turn of the event loop, in arrival order (decision 033, amended).
 *
 * Without it, every batch whose body finished arriving in the same poll phase ran back to back:
 * under load (50 phones syncing 100 sales each) one loop turn lasted longer than the HTTP
 * server's keep-alive timeout (5 s), and the timers phase, which runs before the poll phase reads
 * the sockets, closed kept-alive connections that already held the phone's next request: the
 * phone saw ECONNRESET (the bench's unexplained "errors" of the batch scenario). One piece per
 * turn keeps a turn to one batch, so sockets are read, and their timers reset, between batches.
 */
export function oneAtATime() {
  const waiting: (() => void)[] = [];
  let scheduled = false;

  const next = () => {
    scheduled = false;
    waiting.shift()?.();
    if (waiting.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(next);
  };

  return function run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      });
      schedule();
    });
  };
}
