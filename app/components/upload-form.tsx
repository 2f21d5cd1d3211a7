import { useState, type FormEvent, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";

type Phase = { kind: "idle" | "checking" | "failed" | "tooLarge" } | { kind: "uploading"; percent: number };

/**
 * A file upload that works as a plain form without JavaScript; with it, the same POST goes
 * through XMLHttpRequest, whose upload events drive a progress bar, and the server-rendered
 * report (#import-result) is lifted from the answer. Used by the store's product import and the
 * distributor's catalog import.
 */
export function UploadForm({
  action,
  accept,
  label,
  submitLabel,
  requestId,
  maxBytes,
  maxSize,
  report,
}: {
  action: string;
  accept: string;
  label: string;
  submitLabel: string;
  requestId: string;
  maxBytes: number;
  maxSize: string;
  report: ReactNode;
}) {
  const { t } = useT();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [fresh, setFresh] = useState<{ html: string; requestId: string } | null>(null);
  const busy = phase.kind === "uploading" || phase.kind === "checking";

  function upload(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) return;
    event.preventDefault();
    if (file.size > maxBytes) return setPhase({ kind: "tooLarge" });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.responseType = "document";
    xhr.upload.onprogress = (e) =>
      e.lengthComputable && setPhase({ kind: "uploading", percent: Math.floor((e.loaded * 100) / e.total) });
    xhr.upload.onload = () => setPhase({ kind: "checking" });
    xhr.onerror = () => setPhase({ kind: "failed" });
    xhr.onload = () => {
      const doc = xhr.response as Document | null;
      const result = doc?.getElementById("import-result");
      const next = doc?.querySelector<HTMLInputElement>('input[name="requestId"]')?.value;
      // A login or error page instead of ours: show it as the browser would.
      if (!result || !next) return window.location.assign(xhr.responseURL || form.action);
      setFresh({ html: result.innerHTML, requestId: next });
      setPhase({ kind: "idle" });
      if (xhr.status < 400) form.reset();
      document.getElementById("import-result")?.scrollIntoView({ block: "nearest" });
    };
    xhr.send(new FormData(form));
    setPhase({ kind: "uploading", percent: 0 });
    setFresh({ html: "", requestId: fresh?.requestId ?? requestId });
  }

  const percent = phase.kind === "uploading" ? phase.percent : 100;
  return (
    <>
      {fresh ? (
        <div id="import-result" aria-live="polite" dangerouslySetInnerHTML={{ __html: fresh.html }} />
      ) : (
        <div id="import-result" aria-live="polite">
          {report}
        </div>
      )}
      <form
        method="post"
        action={action}
        encType="multipart/form-data"
        className="flex flex-col gap-3"
        onSubmit={upload}
      >
        <input type="hidden" name="requestId" value={fresh?.requestId ?? requestId} />
        <label htmlFor="import-file" className="text-sm font-medium text-stone-700">
          {label}
        </label>
        <input
          id="import-file"
          type="file"
          name="file"
          accept={accept}
          required
          className="w-full rounded-lg border border-stone-300 bg-white p-2 text-base file:mr-3 file:min-h-10 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:text-brand-800"
        />
        {busy ? (
          <div role="status" className="flex flex-col gap-1 text-sm text-stone-700">
            {phase.kind === "uploading" ? t("import.uploading", { percent }) : t("import.checking")}
            <div className="h-2 overflow-hidden rounded-full bg-stone-200">
              <div
                className={`h-full bg-brand-600 ${phase.kind === "checking" ? "animate-pulse" : ""}`}
                style={{ width: `${percent}%` }}
              />
            </div>
          </div>
        ) : phase.kind === "failed" || phase.kind === "tooLarge" ? (
          <p role="alert" className="text-sm text-red-700">
            {phase.kind === "failed" ? t("import.networkError") : t("import.tooLarge", { max: maxSize })}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={busy}
          className="min-h-12 w-full rounded-lg bg-brand-700 px-4 text-base font-semibold text-white active:bg-brand-800 disabled:opacity-60"
        >
          {submitLabel}
        </button>
      </form>
    </>
  );
}

/** The server's answer to an import: done, or the rows to fix. */
export function ImportReport({
  answer,
  doneLink,
}: {
  answer?: {
    done?: string;
    formError?: string;
    fieldErrors?: Record<string, string>;
    rowErrors?: string[];
    more?: number;
  };
  doneLink?: ReactNode;
}) {
  const { t } = useT();
  if (answer?.done) {
    return (
      <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm text-brand-800">
        {answer.done} {doneLink}
      </p>
    );
  }
  if (!answer?.formError) return null;
  const lines = [...(answer.rowErrors ?? []), ...Object.values(answer.fieldErrors ?? {})];
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      <p className="font-semibold">{answer.formError}</p>
      {lines.length ? (
        <ul className="mt-2 flex list-disc flex-col gap-1 pl-5 break-words">
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : null}
      {answer.more ? <p className="mt-2">{t("import.moreErrors", { count: answer.more })}</p> : null}
    </div>
  );
}
