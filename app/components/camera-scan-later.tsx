import { useEffect, useState, type ComponentType } from "react";

/**
 * `<CameraScan>` (decision 034) loaded after hydration instead of with the page: the button only
 * ever shows once the page runs in a browser with a camera API, so the sell screen's first load
 * need not carry it (issue 12's 100 KB budget). Same props, same behaviour, a moment later.
 */
export function CameraScanLater({ into }: { into: string }) {
  const [Scan, setScan] = useState<ComponentType<{ into: string }> | null>(null);
  useEffect(() => {
    if (typeof navigator.mediaDevices?.getUserMedia !== "function") return;
    let live = true;
    void import("./camera-scan").then((m) => live && setScan(() => m.CameraScan));
    return () => {
      live = false;
    };
  }, []);
  return Scan ? <Scan into={into} /> : null;
}
