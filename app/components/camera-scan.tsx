import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/scan";

// The panel, the scanner and (where the browser has no BarcodeDetector) the decoder load on the
// first tap of the button, never with the page.
const CameraPanel = lazy(() => import("./scan/camera-panel"));

/**
 * A camera button beside a scan field. The decoded code goes into that field (`into`, an input's
 * id) and its form is submitted, exactly as a keyboard-style scanner would have typed it and
 * pressed Enter: the page's own barcode flow does the rest. Without JavaScript, or on a browser
 * that cannot open a camera, there is no button and the typed field works as before.
 *
 * The panel, the scanner and its decoder are imported only when the camera opens (decision 034),
 * so the page's first load carries just this button.
 */
export function CameraScan({ into }: { into: string }) {
  const { t } = useT();
  const [available, setAvailable] = useState(false);
  const [open, setOpen] = useState(false);
  const audio = useRef<AudioContext | null>(null);
  // A secure context (HTTPS or localhost) with a camera API; elsewhere the button never shows.
  useEffect(() => setAvailable(typeof navigator.mediaDevices?.getUserMedia === "function"), []);
  if (!available) return null;
  return (
    <>
      <button
        type="button"
        aria-label={t("scan.open")}
        title={t("scan.open")}
        onClick={() => {
          // Created in the tap, so the browser lets it sound later (autoplay rules).
          audio.current ??= typeof AudioContext === "function" ? new AudioContext() : null;
          setOpen(true);
        }}
        className="flex min-h-12 min-w-12 shrink-0 items-center justify-center rounded-lg border border-stone-300 bg-white text-stone-800 active:bg-stone-100"
      >
        <CameraIcon />
      </button>
      {open ? (
        <Suspense fallback={null}>
          <CameraPanel audio={audio.current} into={into} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}

function CameraIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" strokeLinejoin="round" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}
