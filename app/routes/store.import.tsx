import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { requireStoreContext } from "~/auth/guard.server";
import { Notice } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { newId } from "~/domain/ids.server";
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  IMPORT_MAX_SIZE,
  importFormSchema,
  importProducts,
} from "~/domain/inventory/import-products.server";
import { columnLabel } from "~/domain/inventory/product-csv.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { translator } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

const LISTED_ERRORS = 100;

type Answer = { done?: string; formError?: string; fieldErrors?: Record<string, string>; rowErrors?: string[]; more?: number };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStoreContext(request);
  return { requestId: newId(), maxBytes: IMPORT_MAX_BYTES, maxSize: IMPORT_MAX_SIZE, maxRows: IMPORT_MAX_ROWS };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireStoreContext(request);
  const t = translator(ctx.locale);
  const tooLarge = () => data({ formError: t("import.tooLarge", { max: IMPORT_MAX_SIZE }) }, { status: 413 });
  // Refuse an oversized upload before reading it: on a village 3G link every megabyte counts.
  if (Number(request.headers.get("content-length")) > IMPORT_MAX_BYTES + 64 * 1024) return tooLarge();
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    if (error instanceof TypeError) return data({ formError: t("import.noFile") }, { status: 400 });
    throw error;
  }
  const form = parseForm(formData, importFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return data({ formError: t("import.noFile") }, { status: 400 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await attempt(ctx.locale, () => importProducts(ctx, { requestId: form.data.requestId, bytes }));
  if (!result.ok) return result.reply;
  const { created, updated, errors } = result.value;
  if (errors.length === 0) return { done: t("import.done", { created, updated }) };
  const rowErrors = errors.slice(0, LISTED_ERRORS).map((e) =>
    t("import.rowError", {
      row: e.row,
      column: e.field ? columnLabel(e.field, ctx.locale) : t("import.header"),
      message: t(e.key, e.params),
    }),
  );
  const count = new Set(errors.map((e) => e.row)).size;
  const more = errors.length - rowErrors.length;
  return data({ formError: t("import.failed", { count }), rowErrors, more }, { status: 400 });
}

/** What the server said, rendered on the server: the script below only moves it into place. */
function Report({ answer }: { answer?: Answer }) {
  const { t } = useT();
  if (answer?.done) {
    return (
      <Notice>
        {answer.done}{" "}
        <Link to="/store/products" className="font-semibold underline">
          {t("import.viewProducts")}
        </Link>
      </Notice>
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

type Phase = { kind: "idle" | "checking" | "failed" | "tooLarge" } | { kind: "uploading"; percent: number };

export default function ImportProducts() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const { t } = useT();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [fresh, setFresh] = useState<{ html: string; requestId: string } | null>(null);
  const busy = phase.kind === "uploading" || phase.kind === "checking";

  // With JavaScript the same POST goes through XMLHttpRequest, whose upload events drive the
  // progress bar; the answer is the server-rendered page, from which the report is lifted.
  function upload(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) return;
    event.preventDefault();
    if (file.size > loaded.maxBytes) return setPhase({ kind: "tooLarge" });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.responseType = "document";
    xhr.upload.onprogress = (e) => e.lengthComputable && setPhase({ kind: "uploading", percent: Math.floor((e.loaded * 100) / e.total) });
    xhr.upload.onload = () => setPhase({ kind: "checking" });
    xhr.onerror = () => setPhase({ kind: "failed" });
    xhr.onload = () => {
      const doc = xhr.response as Document | null;
      const report = doc?.getElementById("import-result");
      const requestId = doc?.querySelector<HTMLInputElement>('input[name="requestId"]')?.value;
      // A login page or an error page instead of ours: show it as the browser would.
      if (!report || !requestId) return window.location.assign(xhr.responseURL || form.action);
      setFresh({ html: report.innerHTML, requestId });
      setPhase({ kind: "idle" });
      if (xhr.status < 400) form.reset();
      document.getElementById("import-result")?.scrollIntoView({ block: "nearest" });
    };
    xhr.send(new FormData(form));
    setPhase({ kind: "uploading", percent: 0 });
    setFresh({ html: "", requestId: fresh?.requestId ?? loaded.requestId });
  }

  const percent = phase.kind === "uploading" ? phase.percent : 100;
  return (
    <div className="flex flex-col gap-4">
      <BackLink to="/store">{t("nav.home")}</BackLink>
      <h1 className="text-xl font-bold">{t("import.title")}</h1>
      {fresh ? (
        <div id="import-result" aria-live="polite" dangerouslySetInnerHTML={{ __html: fresh.html }} />
      ) : (
        <div id="import-result" aria-live="polite">
          <Report answer={answer} />
        </div>
      )}
      <form method="post" action="/store/import" encType="multipart/form-data" className="flex flex-col gap-3" onSubmit={upload}>
        <input type="hidden" name="requestId" value={fresh?.requestId ?? loaded.requestId} />
        <label htmlFor="import-file" className="text-sm font-medium text-stone-700">
          {t("import.file")}
        </label>
        <input
          id="import-file"
          type="file"
          name="file"
          accept=".csv,text/csv"
          required
          className="w-full rounded-lg border border-stone-300 bg-white p-2 text-base file:mr-3 file:min-h-10 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:text-brand-800"
        />
        {busy ? (
          <div role="status" className="flex flex-col gap-1 text-sm text-stone-700">
            {phase.kind === "uploading" ? t("import.uploading", { percent }) : t("import.checking")}
            <div className="h-2 overflow-hidden rounded-full bg-stone-200">
              <div className={`h-full bg-brand-600 ${phase.kind === "checking" ? "animate-pulse" : ""}`} style={{ width: `${percent}%` }} />
            </div>
          </div>
        ) : phase.kind === "failed" || phase.kind === "tooLarge" ? (
          <p role="alert" className="text-sm text-red-700">
            {phase.kind === "failed" ? t("import.networkError") : t("import.tooLarge", { max: loaded.maxSize })}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={busy}
          className="min-h-12 w-full rounded-lg bg-brand-700 px-4 text-base font-semibold text-white active:bg-brand-800 disabled:opacity-60"
        >
          {t("import.submit")}
        </button>
      </form>
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 text-sm text-stone-600 shadow-sm">
        <p>{t("import.hint")}</p>
        <p>{t("import.rules")}</p>
        <p>{t("import.limits", { rows: loaded.maxRows, size: loaded.maxSize })}</p>
        <a href="/store/import/template.csv" download className="flex min-h-11 items-center font-semibold text-brand-700 underline">
          {t("import.template")}
        </a>
      </section>
    </div>
  );
}
