import { useEffect, useRef, useState } from "react";
import { useT } from "~/i18n/use-t";
import { signalSuccess, startScanner } from "./scanner.client";

type Status = "starting" | "looking" | "failed";

/** Types the code into the field (so a controlled input hears it too) and submits its form. */
function deliver(inputId: string, code: string) {
  const input = document.getElementById(inputId);
  if (!(input instanceof HTMLInputElement)) return;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(input, code);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.form?.requestSubmit();
}

/**
 * The camera full screen with a frame to aim at. The first code that reads closes it (a beep, a
 * buzz) and goes into the scan field `into`, whose form is submitted.
 */
export default function CameraPanel({
  audio,
  into,
  onClose,
}: {
  audio: AudioContext | null;
  into: string;
  onClose: () => void;
}) {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<Status>("starting");
  const [decoder, setDecoder] = useState("");
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    let cancelled = false;
    let stop = () => {};
    void (async () => {
      try {
        if (!video.current) return;
        const scanner = await startScanner(video.current, (code) => {
          signalSuccess(audio);
          close.current();
          deliver(into, code);
        });
        stop = scanner.stop;
        if (cancelled) return stop();
        setDecoder(scanner.decoder);
        setStatus("looking");
      } catch {
        if (!cancelled) setStatus("failed");
      }
    })();
    return () => {
      cancelled = true;
      stop();
    };
  }, [audio, into]);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={t("scan.title")}
      data-decoder={decoder || undefined}
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
      className="fixed inset-0 z-50 flex flex-col bg-black/90 p-3 text-white"
    >
      <div className="relative min-h-0 flex-1 overflow-hidden rounded-xl bg-black">
        <video ref={video} muted playsInline className="h-full w-full object-cover" />
        {/* Where to hold the code: a wide box, the shape of a retail barcode. */}
        <div className="pointer-events-none absolute inset-x-8 top-1/2 h-28 -translate-y-1/2 rounded-lg border-2 border-white/80" />
      </div>
      <p role="status" className="py-3 text-center text-base">
        {status === "failed" ? t("scan.failed") : status === "starting" ? t("scan.starting") : t("scan.aim")}
      </p>
      <button
        type="button"
        // The panel covers the page: the focus goes to its one control, and Escape closes it too.
        autoFocus
        onClick={onClose}
        className="min-h-12 w-full rounded-lg bg-white text-base font-semibold text-stone-900"
      >
        {t("scan.close")}
      </button>
    </div>
  );
}
