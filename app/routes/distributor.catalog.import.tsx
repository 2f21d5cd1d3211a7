import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { DISTRIBUTOR_ADMIN } from "~/components/distribution/roles";
import { ImportReport, UploadForm } from "~/components/upload-form";
import { BackLink } from "~/components/page-top";
import { catalogColumnLabel } from "~/domain/distribution/catalog-sheet.server";
import {
  CATALOG_IMPORT_MAX_BYTES,
  CATALOG_IMPORT_MAX_ROWS,
  CATALOG_IMPORT_MAX_SIZE,
  catalogImportFormSchema,
  importCatalog,
} from "~/domain/distribution/import-catalog.server";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { translator } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

const LISTED_ERRORS = 100;

type Answer = { done?: string; formError?: string; rowErrors?: string[]; more?: number };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "distributor", DISTRIBUTOR_ADMIN);
  return { requestId: newId(), maxBytes: CATALOG_IMPORT_MAX_BYTES, maxSize: CATALOG_IMPORT_MAX_SIZE, maxRows: CATALOG_IMPORT_MAX_ROWS };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "distributor", DISTRIBUTOR_ADMIN);
  const t = translator(ctx.locale);
  const tooLarge = () => data({ formError: t("import.tooLarge", { max: CATALOG_IMPORT_MAX_SIZE }) }, { status: 413 });
  if (Number(request.headers.get("content-length")) > CATALOG_IMPORT_MAX_BYTES + 64 * 1024) return tooLarge();
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: CATALOG_IMPORT_MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    if (error instanceof TypeError) return data({ formError: t("import.noFile") }, { status: 400 });
    throw error;
  }
  const form = parseForm(formData, catalogImportFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return data({ formError: t("import.noFile") }, { status: 400 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await attempt(ctx.locale, () => importCatalog(ctx, { requestId: form.data.requestId, bytes }));
  if (!result.ok) return result.reply;
  const { created, updated, errors } = result.value;
  if (errors.length === 0) return { done: t("catalogImport.done", { created, updated }) };
  const rowErrors = errors.slice(0, LISTED_ERRORS).map((e) =>
    t("import.rowError", {
      row: e.row,
      column: e.field ? catalogColumnLabel(e.field, ctx.locale) : t("import.header"),
      message: t(e.key, e.params),
    }),
  );
  const count = new Set(errors.map((e) => e.row)).size;
  return data({ formError: t("import.failed", { count }), rowErrors, more: errors.length - rowErrors.length }, { status: 400 });
}

export default function ImportCatalog() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const { t } = useT();
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <BackLink to="/distributor/catalog">{t("catalog.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("catalogImport.title")}</h1>
      <UploadForm
        action="/distributor/catalog/import"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        label={t("catalogImport.file")}
        submitLabel={t("import.submit")}
        requestId={loaded.requestId}
        maxBytes={loaded.maxBytes}
        maxSize={loaded.maxSize}
        report={
          <ImportReport
            answer={answer}
            doneLink={
              <Link to="/distributor/catalog" className="font-semibold underline">
                {t("catalog.title")}
              </Link>
            }
          />
        }
      />
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 text-sm text-stone-600 shadow-sm">
        <p>{t("catalogImport.hint")}</p>
        <p>{t("catalogImport.rules")}</p>
        <p>{t("catalogImport.limits", { rows: loaded.maxRows, size: loaded.maxSize })}</p>
        <a href="/distributor/catalog/template.csv" download className="flex min-h-11 items-center font-semibold text-brand-700 underline">
          {t("catalogImport.template")}
        </a>
      </section>
    </div>
  );
}
