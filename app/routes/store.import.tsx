import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStoreContext } from "~/auth/guard.server";
import { BackLink } from "~/components/page-top";
import { ImportReport, UploadForm } from "~/components/upload-form";
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

export default function ImportProducts() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const { t } = useT();
  return (
    <div className="flex flex-col gap-4">
      <BackLink to="/store">{t("nav.home")}</BackLink>
      <h1 className="text-xl font-bold">{t("import.title")}</h1>
      <UploadForm
        action="/store/import"
        accept=".csv,text/csv"
        label={t("import.file")}
        submitLabel={t("import.submit")}
        requestId={loaded.requestId}
        maxBytes={loaded.maxBytes}
        maxSize={loaded.maxSize}
        report={
          <ImportReport
            answer={answer}
            doneLink={
              <Link to="/store/products" className="font-semibold underline">
                {t("import.viewProducts")}
              </Link>
            }
          />
        }
      />
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
